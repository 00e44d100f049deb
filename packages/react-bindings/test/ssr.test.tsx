// @vitest-environment node
// A server render has no DOM: no window, document or localStorage, and no
// timers may be armed (nothing would clear them).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { harness } from './support.js';

const serverHarness = () => harness({ desk: true });

afterEach(() => {
  vi.restoreAllMocks();
  Reflect.deleteProperty(globalThis, 'localStorage');
});

describe('server render', () => {
  it('imports and renders a tree using every hook without touching a browser global or arming a timer', async () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new Error('localStorage touched during a server render');
      },
    });
    const bindings = { ...(await import('../src/index.js')), ...(await import('../src/desk.js')) };
    const { renderToString } = await import('react-dom/server');
    const { createElement: h, Fragment } = await import('react');

    const rig = serverHarness();
    const callId = rig.adapter.remote.offer({ remote: { name: 'Ola' }, queue: 'support', summary: 'Wants a refund' });
    await rig.clock.tick(20);

    function Widget() {
      const call = bindings.useActiveCall();
      const seconds = bindings.useCallDuration();
      const { controls } = bindings.useCallControls();
      const offers = bindings.useOffers();
      const ringLeft = bindings.useCountdown(offers[0]?.ringDeadline);
      const hold = bindings.useHold();
      const transfer = bindings.useTransfer();
      const wrapUp = bindings.useWrapUp();
      const devices = bindings.useDevices();
      const history = bindings.useCallHistory();
      const missed = bindings.useMissedCalls();
      const incoming = bindings.useIncomingCalls();
      bindings.useCallShortcuts();
      bindings.usePersistPreferences();
      return h(Fragment, null,
        h('p', null, `${call?.id} ${call?.phase} ${bindings.formatSeconds(seconds ?? 0)}`),
        h('p', null, `mute:${controls.mute.visible} hold:${hold.hold?.status} transfer:${transfer.inFlight ? 'yes' : 'no'}`),
        h('p', null, `offer:${offers[0]?.summary} ${ringLeft}s incoming:${incoming.length}`),
        h('p', null, `wrapUp:${wrapUp ? 'open' : 'none'} volume:${devices.preferences.volume} history:${history.length} missed:${missed.length}`),
      );
    }
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    const pending = rig.clock.pendingCount();
    const serverRender = () => renderToString(h(bindings.RinglineProvider, { engine: rig.engine, desk: rig.desk, scheduler: rig.clock.scheduler }, h(Widget)));
    const ringing = serverRender();
    expect(rig.clock.pendingCount()).toBe(pending);
    expect(ringing).toContain('offer:Wants a refund 30s incoming:1');
    expect(ringing).toContain('undefined undefined 0:00');

    rig.engine.accept(callId);
    await rig.clock.tick(61_020);
    const pendingWhenConnected = rig.clock.pendingCount();
    const connected = serverRender();
    expect(connected).toContain(`${callId} connected 1:01`);
    expect(connected).toContain('mute:true hold:off transfer:no');
    expect(connected).toContain('offer:undefined undefineds incoming:0');
    expect(connected).toContain('wrapUp:none volume:1 history:0 missed:0');
    expect(rig.clock.pendingCount()).toBe(pendingWhenConnected);
    expect(timeout).not.toHaveBeenCalled();
  });
});
