import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/react';
import { StrictMode } from 'react';
import { formatSeconds, RinglineProvider, type TickScheduler, useActiveCall, useCallControls, useCallDuration, useCountdown, useIncomingCalls } from '../src/index.js';
import { connectedCall, harness, modes } from './support.js';

afterEach(cleanup);

describe('render counting during a connected call', () => {
  it('a duration tick renders the timer once a second and nothing else', async () => {
    const h = harness();
    const renders = { page: 0, status: 0, controls: 0, duration: 0 };
    function Status() {
      renders.status++;
      const call = useActiveCall();
      return <p>{call ? `${call.phase}${call.remoteMedia.camera ? ' camera' : ''}` : 'idle'}</p>;
    }
    function Controls() {
      renders.controls++;
      const { controls } = useCallControls();
      return <button disabled={!controls.mute.enabled}>{controls.mute.active ? 'Unmute' : 'Mute'}</button>;
    }
    function Duration() {
      renders.duration++;
      const seconds = useCallDuration();
      return <span data-testid="duration">{seconds === undefined ? '' : formatSeconds(seconds)}</span>;
    }
    function Page() {
      renders.page++;
      return <><Status /><Controls /><Duration /></>;
    }
    render(<Page />, { wrapper: h.wrapper });
    const callId = await connectedCall(h);
    const connectedAt = h.engine.getSnapshot().calls[0]!.connectedAt!;
    // Land exactly on the connect time's second boundary, then count what each of the next five ticks renders.
    await h.advance(connectedAt + 1000 - h.clock.now());
    expect(screen.getByTestId('duration').textContent).toBe('0:01');
    const before = { ...renders };
    await h.advance(5000);
    expect(screen.getByTestId('duration').textContent).toBe('0:06');
    expect(renders.duration - before.duration).toBe(5);
    expect(renders.page - before.page).toBe(0);
    expect(renders.status - before.status).toBe(0);
    expect(renders.controls - before.controls).toBe(0);

    // A change to the call re-renders what reads it, not what reads an unchanged slice of it.
    const mid = { ...renders };
    await h.run(() => h.adapter.remote.setMedia(callId, { camera: true }));
    expect(screen.getByText('connected camera')).toBeTruthy();
    expect(renders.status - mid.status).toBe(1);
    expect(renders.controls - mid.controls).toBe(0);
    expect(renders.duration - mid.duration).toBe(0);
    expect(renders.page - mid.page).toBe(0);
  });
});

describe.each(modes)('ticking hooks ($name)', ({ strict }) => {
  it('a countdown shows the right second at every boundary and stops at zero', async () => {
    const h = harness({ strict });
    const deadline = h.clock.now() + 2500;
    function Countdown() {
      return <span data-testid="left">{useCountdown(deadline)}</span>;
    }
    render(<Countdown />, { wrapper: h.wrapper });
    const left = () => screen.getByTestId('left').textContent;
    expect(left()).toBe('3');
    // One tick armed even though StrictMode subscribes twice.
    expect(h.clock.pendingCount()).toBe(1);
    await h.advance(499);
    expect(left()).toBe('3');
    await h.advance(1);
    expect(left()).toBe('2');
    await h.advance(999);
    expect(left()).toBe('2');
    await h.advance(1);
    expect(left()).toBe('1');
    await h.advance(1000);
    expect(left()).toBe('0');
    expect(h.clock.pendingCount()).toBe(0);
  });

  it('ticks only while mounted: unmounting leaves no timer behind', async () => {
    const h = harness({ strict });
    await connectedCall(h);
    function Duration() {
      return <span data-testid="duration">{useCallDuration()}</span>;
    }
    const engineTimers = h.clock.pendingCount();
    const view = render(<Duration />, { wrapper: h.wrapper });
    expect(h.clock.pendingCount()).toBe(engineTimers + 1);
    await h.advance(3000);
    expect(screen.getByTestId('duration').textContent).toBe('3');
    view.unmount();
    expect(h.clock.pendingCount()).toBe(engineTimers);
  });

  it('a ring countdown starts from the call\'s own deadline and the offer leaves when it runs out', async () => {
    const h = harness({ strict });
    function Incoming() {
      const [call] = useIncomingCalls();
      const left = useCountdown(call?.ringDeadline);
      return <span data-testid="ring">{call ? `${call.remote.name} ${left}` : 'none'}</span>;
    }
    render(<Incoming />, { wrapper: h.wrapper });
    await h.run(() => h.adapter.remote.ring({ remote: { name: 'Dana' }, ringTimeoutMs: 10_000 }));
    const ring = () => screen.getByTestId('ring').textContent;
    // Twenty virtual milliseconds have passed since the ring: still ten whole seconds shown, never a stale one.
    expect(ring()).toBe('Dana 10');
    await h.advance(9_000);
    expect(ring()).toBe('Dana 1');
    await h.advance(1_000);
    expect(ring()).toBe('none');
  });

  it('a tab woken late shows the current second at once', async () => {
    const h = harness({ strict });
    await connectedCall(h);
    const connectedAt = h.engine.getSnapshot().calls[0]!.connectedAt!;
    // A throttled background tab: every timer fires 40 s after it was due.
    const throttled: TickScheduler = { schedule: (work, delay) => h.clock.scheduler.schedule(work, delay + 40_000) };
    function Duration() {
      return <span data-testid="duration">{useCallDuration()}</span>;
    }
    render(
      <RinglineProvider engine={h.engine} scheduler={throttled}><Duration /></RinglineProvider>,
      strict ? { wrapper: StrictMode } : {},
    );
    await h.advance(connectedAt + 1_000 + 40_000 - h.clock.now());
    expect(screen.getByTestId('duration').textContent).toBe('41');
  });

  it('a reconnecting call\'s duration stops at its give-up deadline, as core logs it, in a tab woken past it', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h);
    await h.advance(5_000);
    await h.run(() => h.adapter.remote.dropNetwork(callId));
    const call = h.engine.getSnapshot().calls[0]!;
    expect(call.phase).toBe('reconnecting');
    // Timers here never fire: the tab sleeps through the give-up deadline and wakes before its timer runs.
    const asleep: TickScheduler = { schedule: (work, delay) => h.clock.scheduler.schedule(work, delay + 3_600_000) };
    function Duration() {
      return <span data-testid="duration">{useCallDuration()}</span>;
    }
    const view = render(
      <RinglineProvider engine={h.engine} scheduler={asleep}><Duration /></RinglineProvider>,
      strict ? { wrapper: StrictMode } : {},
    );
    h.clock.jump(call.reconnect!.giveUpAt + 60_000 - h.clock.now());
    view.rerender(<RinglineProvider engine={h.engine} scheduler={asleep}><Duration /></RinglineProvider>);
    const logged = Math.floor((call.reconnect!.giveUpAt - call.connectedAt!) / 1000);
    expect(screen.getByTestId('duration').textContent).toBe(String(logged));
  });
});
