import { act } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { formatSeconds, RinglineProvider, useActiveCall, useCallControls, useCallDuration } from '../src/index.js';
import { connectedCall, harness } from './support.js';

function Widget() {
  const call = useActiveCall();
  const seconds = useCallDuration();
  const { controls } = useCallControls();
  return <p>{`${call?.phase} ${formatSeconds(seconds ?? 0)} ${controls.hold.enabled ? 'hold' : ''}`}</p>;
}

describe('hydration', () => {
  it('the client hydrates the server markup without a mismatch, then ticks', async () => {
    const h = harness();
    await connectedCall(h);
    await h.advance(4_000);
    const tree = <RinglineProvider engine={h.engine} scheduler={h.clock.scheduler}><Widget /></RinglineProvider>;
    const container = document.createElement('div');
    container.innerHTML = renderToString(tree);
    document.body.append(container);
    expect(container.textContent).toBe('connected 0:04 hold');
    const onRecoverableError = vi.fn();
    const root = await act(async () => hydrateRoot(container, tree, { onRecoverableError }));
    expect(onRecoverableError).not.toHaveBeenCalled();
    await h.advance(1_000);
    expect(container.textContent).toBe('connected 0:05 hold');
    act(() => root.unmount());
    container.remove();
  });

  it('a page that loads a second after the server rendered hydrates the ticking values as rendered, given renderedAt, then ticks on', async () => {
    const h = harness();
    await connectedCall(h);
    await h.advance(4_000);
    const renderedAt = h.engine.now(); // sent along with the markup
    const tree = <RinglineProvider engine={h.engine} scheduler={h.clock.scheduler} renderedAt={renderedAt}><Widget /></RinglineProvider>;
    const container = document.createElement('div');
    container.innerHTML = renderToString(tree);
    document.body.append(container);
    expect(container.textContent).toBe('connected 0:04 hold');
    h.clock.jump(1_000); // the page's scripts run a second later, as on any real network
    const onRecoverableError = vi.fn();
    const root = await act(async () => hydrateRoot(container, tree, { onRecoverableError }));
    expect(onRecoverableError).not.toHaveBeenCalled();
    expect(container.textContent).toBe('connected 0:05 hold');
    act(() => root.unmount());
    container.remove();
  });
});
