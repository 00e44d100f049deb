// 002: "The dashboard is open in more than one tab. Close the extras." Desk
// tabs of one agent count each other over a real BroadcastChannel (Node's).
// Each tab here is its own load of the package, as pages are; within one
// page, any number of components asking are one tab. StrictMode too (its
// second effect run says goodbye and hello again).
import { cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useOtherDeskTabs } from '../src/desk.js';
import { harness } from './support.js';

afterEach(cleanup);

/** Another page: a fresh load of the package, with its own provider and hook, on the same engine kind. */
async function anotherTab(strict: boolean) {
  vi.resetModules();
  const [{ RinglineProvider }, { useOtherDeskTabs: useTabs }] = await Promise.all([import('../src/index.js'), import('../src/desk.js')]);
  const { engine, desk, clock } = harness({ desk: true });
  const wrapper = ({ children }: { children: ReactNode }) => createElement(RinglineProvider, { engine, desk, scheduler: clock.scheduler }, children);
  return renderHook(() => useTabs({ beatMs: 100 }), { wrapper, reactStrictMode: strict });
}

describe.each([{ strict: false }, { strict: true }])('useOtherDeskTabs (strict: $strict)', ({ strict }) => {
  it('counts the other tabs of this agent\'s desk; a closed one goes at once', async () => {
    const first = await anotherTab(strict);
    expect(first.result.current).toBe(0);
    const second = await anotherTab(strict);
    const third = await anotherTab(strict);
    await waitFor(() => expect([first, second, third].map((open) => open.result.current)).toEqual([2, 2, 2]));
    third.unmount();
    await waitFor(() => expect([first.result.current, second.result.current]).toEqual([1, 1]));
  });

  it('components of one page asking, even under two providers, are one tab', async () => {
    function Badge({ id }: { id: string }) {
      return <p data-testid={id}>{useOtherDeskTabs({ beatMs: 50 })}</p>;
    }
    const a = harness({ desk: true, strict });
    const b = harness({ desk: true, strict });
    render(<><a.wrapper><Badge id="header" /><Badge id="banner" /></a.wrapper><b.wrapper><Badge id="side" /></b.wrapper></>);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(['header', 'banner', 'side'].map((id) => screen.getByTestId(id).textContent)).toEqual(['0', '0', '0']);
  });

  it('a tab that stops saying it is there (a crash) is forgotten after three beats', async () => {
    const first = renderHook(() => useOtherDeskTabs({ beatMs: 50 }), { wrapper: harness({ desk: true, strict }).wrapper });
    const crashed = new BroadcastChannel('ringline-desk:agent-ann');
    crashed.postMessage({ type: 'hello', tab: 'crashed-tab' });
    await waitFor(() => expect(first.result.current).toBe(1));
    crashed.close();
    await waitFor(() => expect(first.result.current).toBe(0), { timeout: 1_000 });
  });
});
