import { describe, expect, it } from 'vitest';
import type { AdapterEvent } from '../src/index.js';
import { defaultDevices } from '../src/model.js';
import { createLoopbackAdapter, createVirtualClock, runAdapterContract } from '../src/testing/index.js';
import { loopbackSubject } from './loopbackSubject.js';

runAdapterContract('loopback (full capabilities)', () => loopbackSubject({ latencyMs: 20 }, 50));

runAdapterContract('loopback (audio only, no hold, no DTMF)', () =>
  loopbackSubject({ latencyMs: 5, capabilities: { hold: false, dtmf: false, video: false, screenShare: false } }, 10));

// Where the loopback could do what no real adapter can, engine tests would miss a path.
describe('the loopback adapter, where a real one has no choice', () => {
  const setup = () => {
    const clock = createVirtualClock(1_000_000);
    const adapter = createLoopbackAdapter({ clock, latencyMs: 20 });
    const seen: AdapterEvent[] = [];
    adapter.events$.subscribe((event) => seen.push(event));
    return { clock, adapter, seen };
  };

  it("has no browser Stop sharing bar while nothing is shared", async () => {
    const { clock, adapter, seen } = setup();
    const callId = adapter.remote.ring();
    const connected = adapter.connect({ callId, direction: 'inbound', media: 'audio', remote: {}, preferences: defaultDevices.preferences });
    await clock.tick(50);
    await connected;
    adapter.remote.stopSharingFromBrowser(callId);
    expect(seen.filter((event) => event.type === 'localScreenShareEnded')).toEqual([]);
  });

  it('fails a dial that was hung up before it got through', async () => {
    const { clock, adapter } = setup();
    const outcome = adapter.connect({ callId: 'c1', direction: 'outbound', media: 'audio', remote: { name: 'x' }, preferences: defaultDevices.preferences })
      .then(() => 'resolved', (error: { code?: string }) => error.code);
    const hungUp = adapter.disconnect('c1', 'completed');
    await clock.tick(100);
    await hungUp;
    expect(await outcome).toBe('unknownCall');
  });
});
