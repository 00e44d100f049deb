// 002: "The dashboard is open in more than one tab. Close the extras." Desk
// tabs of one agent count each other over a real BroadcastChannel (Node's),
// in StrictMode too (its second effect run says goodbye and hello again).
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useOtherDeskTabs } from '../src/desk.js';
import { harness } from './support.js';

afterEach(cleanup);

describe.each([{ strict: false }, { strict: true }])('useOtherDeskTabs (strict: $strict)', ({ strict }) => {
  it('counts the other tabs of this agent\'s desk; a closed one goes at once', async () => {
    const tab = () => renderHook(() => useOtherDeskTabs({ beatMs: 100 }), { wrapper: harness({ desk: true, strict }).wrapper });
    const first = tab();
    expect(first.result.current).toBe(0);
    const second = tab();
    const third = tab();
    await waitFor(() => expect([first, second, third].map((open) => open.result.current)).toEqual([2, 2, 2]));
    third.unmount();
    await waitFor(() => expect([first.result.current, second.result.current]).toEqual([1, 1]));
  });

  it('a tab that stops saying it is there (a crash) is forgotten after three beats', async () => {
    const first = renderHook(() => useOtherDeskTabs({ beatMs: 50 }), { wrapper: harness({ desk: true, strict }).wrapper });
    // A crashed tab: it said hello once and never again.
    const crashed = new BroadcastChannel('ringline-desk:agent-ann');
    crashed.postMessage({ type: 'hello', tab: 'crashed-tab' });
    await waitFor(() => expect(first.result.current).toBe(1));
    crashed.close();
    await waitFor(() => expect(first.result.current).toBe(0), { timeout: 1_000 });
  });
});
