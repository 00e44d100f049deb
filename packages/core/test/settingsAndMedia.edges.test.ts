import { describe, expect, it } from 'vitest';
import { CallLinkError, createCallLinks } from '../src/links/index.js';
import { createLoopbackAdapter, createVirtualClock } from '../src/testing/index.js';
import {
  callControls, collectDiagnostics, createCallEngine, getCall, mediaPreferences, type MediaDeviceEntry, type SendResult,
} from '../src/index.js';
import { connectedOutbound, harness } from './support.js';

const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);
const PHONE = '+14155550142';

describe("a call forwarded to the visitor's phone is a phone call (001, 003)", () => {
  it('a forwarded phone call shows no camera/screen-share controls and refuses turning the camera on', async () => {
    const h = harness({ engine: { config: { phoneForwarding: true } } });
    Object.assign(h.adapter, { forwardToPhone: async () => undefined });
    const result = h.engine.send({ type: 'placeCall', callId: 'fw', to: { name: 'Support' }, media: 'audio', forwardTo: PHONE });
    expect(code(result)).toBe('ok');
    await h.clock.tick(0);
    h.adapter.remote.emitRaw({ type: 'mediaConnected', callId: 'fw' });
    const call = getCall(h.engine.getSnapshot(), 'fw')!;
    expect(call.phase).toBe('connected');
    const controls = callControls(call, h.engine.capabilities);
    // 003: "video and screen-sharing options are not shown during a regular phone call"
    const observed = {
      cameraVisible: controls.camera.visible,
      screenShareVisible: controls.screenShare.visible,
      setCamera: code(h.engine.setCamera('fw', true)),
      startScreenShare: code(h.engine.startScreenShare('fw')),
    };
    expect(observed).toEqual({ cameraVisible: false, screenShareVisible: false, setCamera: 'unsupported', startScreenShare: 'unsupported' });
  });
});

describe('a refused device choice', () => {
  it('a refused choice does not roll back to a device that was unplugged meanwhile', async () => {
    const h = harness();
    const both: MediaDeviceEntry[] = [
      { kind: 'microphone', deviceId: 'mic-1', label: 'Built-in' },
      { kind: 'microphone', deviceId: 'mic-2', label: 'Headset' },
    ];
    h.adapter.remote.setDevices(both);
    h.engine.selectDevice('microphone', 'mic-1');
    await h.clock.tick(20);
    h.adapter.failNext('selectDevice');
    h.engine.selectDevice('microphone', 'mic-2');
    // mic-1 is unplugged before the adapter refuses mic-2.
    h.adapter.remote.setDevices([both[1]!]);
    await h.clock.tick(20);
    const chosen = mediaPreferences(h.engine.getSnapshot()).microphoneId;
    const available = h.engine.getSnapshot().devices.available.map((d) => d.deviceId);
    // The settings must never show a device that is not there (devices.ts devicesChanged).
    expect({ chosen, available, chosenIsAvailable: chosen === undefined || available.includes(chosen) })
      .toMatchObject({ chosenIsAvailable: true });
  });
});

describe('diagnostics keeps the ids support asks for (004)', () => {
  it('the client and conversation ids passed in are reported, not redacted', () => {
    const h = harness();
    const report = collectDiagnostics({
      state: h.engine.getSnapshot(),
      now: h.clock.now(),
      // A ULID with a prefix, and a Twilio-style Conversation SID: ids, not credentials.
      context: { clientId: 'client_01HQ3Z8X9K4M7N2P5R6T', conversationId: 'CH7f3a9c2e1b7d4a6f9e0c8b5d2a1f3e4c' },
    });
    expect({ clientId: report.clientId, conversationId: report.conversationId })
      .toEqual({ clientId: 'client_01HQ3Z8X9K4M7N2P5R6T', conversationId: 'CH7f3a9c2e1b7d4a6f9e0c8b5d2a1f3e4c' });
  });
});

describe('call links at the edges of time', () => {
  const secret = 'a-test-secret-that-is-long-enough-0123456789';
  it('a time frame past the last time a date can show is refused at issue; the latest one verifies as not yet valid, a typed refusal', async () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const links = createCallLinks({ secret, baseUrl: 'https://calls.example/join', clock });
    const tooLate = await links.issue({ kind: 'timeFrame', target: { guestName: 'Grace' }, agentId: 'agent-ann', validFrom: 9e15, validUntil: 9e15 + 3_600_000 })
      .then(() => 'issued', (thrown: unknown) => (thrown as { code?: string }).code);
    expect(tooLate).toBe('invalidInput');
    const latest = await links.issue({ kind: 'timeFrame', target: { guestName: 'Grace' }, agentId: 'agent-ann', validFrom: 8.64e15 - 3_600_000, validUntil: 8.64e15 });
    const outcome = await links.verify(latest.url).then((value) => value, (thrown: unknown) => ({ thrown }));
    expect(outcome).toMatchObject({ ok: false, error: expect.any(CallLinkError) });
    expect(outcome).toMatchObject({ error: { code: 'notYetValid' } });
  });

  it('an invalid defaultTtlMs is refused at creation (invalidConfig), not blamed on createId at every issue', async () => {
    const clock = createVirtualClock(1_700_000_000_000);
    for (const defaultTtlMs of [1.5, Number.NaN, -1]) {
      let links: ReturnType<typeof createCallLinks>;
      try {
        links = createCallLinks({ secret, baseUrl: 'https://calls.example/join', clock, defaultTtlMs });
      } catch (error) {
        expect(error).toMatchObject({ code: 'invalidConfig' });
        continue;
      }
      // Accepted at creation: then every one-time link issue fails, with a message about something else.
      const outcome = await links.issue({ kind: 'oneTime', target: { guestName: 'Grace' }, agentId: 'agent-ann' }).then(() => 'issued', (e: Error) => e.message);
      expect({ defaultTtlMs, outcome }).toEqual({ defaultTtlMs, outcome: 'issued' });
    }
  });
});

describe('a late refusal to stop a camera or a share that a later off replaced', () => {
  it('camera: off (refused), on, off (succeeds) leaves the camera off, and the state says so', async () => {
    const h = harness();
    const callId = await connectedOutbound(h, 'video');
    expect(getCall(h.engine.getSnapshot(), callId)?.local.camera).toBe('on');
    h.adapter.failNext('setCamera');
    h.engine.setCamera(callId, false); // refused by the adapter
    h.engine.setCamera(callId, true);
    h.engine.setCamera(callId, false); // the last word: off
    await h.clock.tick(50);
    const camera = getCall(h.engine.getSnapshot(), callId)?.local.camera;
    const capturing = h.adapter.openTracks(callId).includes('camera');
    expect({ camera, capturing }).toEqual({ camera: 'off', capturing: false });
  });

  it('screen share: stop (refused), start, stop (succeeds) leaves sharing off, and the backend is not told it is on', async () => {
    const h = harness();
    const callId = await connectedOutbound(h, 'video');
    h.engine.startScreenShare(callId);
    await h.clock.tick(20);
    expect(getCall(h.engine.getSnapshot(), callId)?.local.screenShare).toBe('on');
    h.adapter.failNext('stopScreenShare');
    const mark = h.outputs.length;
    h.engine.stopScreenShare(callId);
    h.engine.startScreenShare(callId);
    h.engine.stopScreenShare(callId);
    await h.clock.tick(50);
    const screenShare = getCall(h.engine.getSnapshot(), callId)?.local.screenShare;
    const sharing = h.adapter.openTracks(callId).includes('screen');
    const lastNotice = h.outputs.slice(mark).filter((o) => o.type === 'notice').map((o) => o.type === 'notice' && o.notice.type).at(-1);
    expect({ screenShare, sharing, lastNotice }).toEqual({ screenShare: 'off', sharing: false, lastNotice: 'screenShareStopped' });
  });
});

describe('a refused volume', () => {
  it('rolls back to the volume that was in effect, as every other refused setting does', async () => {
    const h = harness();
    expect(h.engine.setVolume(0.4)).toEqual({ ok: true });
    await h.clock.tick(20);
    h.adapter.failNext('setVolume');
    expect(h.engine.setVolume(0.9)).toEqual({ ok: true });
    await h.clock.tick(20);
    expect(h.outputs.some((o) => o.type === 'error')).toBe(true);
    // The element still plays at 0.4; the settings panel must not show 0.9.
    expect(mediaPreferences(h.engine.getSnapshot()).volume).toBe(0.4);
  });
});

describe('preferences given to createCallEngine', () => {
  it('are copied: the page editing its stored object later does not change engine state, and state stays plain JSON', () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const stored = { volume: 0.5, videoEffect: { kind: 'image', url: 'https://example.com/office.jpg', onLoad: () => undefined } as unknown as { kind: 'image'; url: string } };
    const engine = createCallEngine({ adapter: createLoopbackAdapter({ clock }), clock, preferences: stored });
    const before = JSON.stringify(engine.getSnapshot().devices.preferences);
    stored.videoEffect.url = 'https://example.com/changed.jpg';
    expect(JSON.stringify(engine.getSnapshot().devices.preferences)).toBe(before);
    expect(Object.keys(engine.getSnapshot().devices.preferences.videoEffect)).toEqual(['kind', 'url']);
  });
});

describe('a stored background effect the adapter does not have', () => {
  it('is not kept and handed to every connect, when setVideoEffect would refuse it as unsupported', async () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const adapter = createLoopbackAdapter({ clock, capabilities: { videoEffects: [] } });
    const engine = createCallEngine({ adapter, clock, preferences: { videoEffect: { kind: 'blur' } } });
    expect(code(engine.setVideoEffect({ kind: 'blur' }))).toBe('unsupported');
    expect(engine.getSnapshot().devices.preferences.videoEffect).toEqual({ kind: 'none' });
  });
});

describe('call links at the edges of time with a sub-millisecond clock', () => {
  it('issue() works with a clock that returns fractional ms (performance.timeOrigin + performance.now())', async () => {
    const links = createCallLinks({ secret: 'a-test-secret-that-is-long-enough-0123456789', baseUrl: 'https://calls.example/join', clock: { now: () => 1_700_000_000_000.25, scheduler: undefined as never } });
    const outcome = await links.issue({ kind: 'expiry', target: { guestName: 'Grace' }, agentId: 'agent-ann' }).then(() => 'issued', (e: Error) => e.message);
    expect(outcome).toBe('issued');
  });
});
