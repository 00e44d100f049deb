// The reference documents' scenarios, step by step, on the loopback adapter
// and virtual time.
import { describe, expect, it } from 'vitest';
import {
  activeCall, callControls, callDurationMs, callLayout, callStatus, createCallEngine, getCall, heldMs, remainingRingMs,
} from '../src/index.js';
import { createLoopbackAdapter, createVirtualClock } from '../src/testing/index.js';
import { connectedOutbound, harness } from './support.js';

const agent = { id: 'agent-7', name: 'Dana from Support', avatarUrl: 'https://cdn.example/dana.png' };

describe('000 — the visitor gets an incoming call from an agent', () => {
  it('shows who is calling, with the call type, a ringtone and a countdown', () => {
    const { engine, adapter, clock, tone } = harness();
    const callId = adapter.remote.ring({ remote: agent, media: 'video', ringTimeoutMs: 30_000 });
    const call = getCall(engine.getSnapshot(), callId)!;
    expect(call).toMatchObject({ phase: 'ringing', direction: 'inbound', media: 'video', remote: agent });
    expect(tone()).toBe('ringtone');
    expect(remainingRingMs(call, clock.now())).toBe(30_000);
    clock.advanceBy(12_500);
    expect(remainingRingMs(call, clock.now())).toBe(17_500);
    const shown = (controls: Record<string, { visible: boolean }>) => Object.keys(controls).filter((name) => controls[name]!.visible);
    expect(shown(callControls(call, engine.capabilities))).toEqual(['accept', 'decline']);
  });

  it('dismisses the call when the countdown runs out: missed, ringtone off, Recall offered', async () => {
    const { engine, adapter, clock, tone, outputs } = harness();
    const callId = adapter.remote.ring({ remote: agent, media: 'audio', ringTimeoutMs: 20_000 });
    await clock.tick(19_999);
    expect(getCall(engine.getSnapshot(), callId)?.phase).toBe('ringing');
    await clock.tick(1);
    const state = engine.getSnapshot();
    expect(state.calls).toEqual([]);
    expect(state.history[0]).toMatchObject({ id: callId, endReason: 'missed', endedBy: 'system', durationMs: 0 });
    expect(state.missed[0]).toMatchObject({ callId, remote: agent, reason: 'missed' });
    expect(tone()).toBeUndefined();
    expect(outputs.filter((o) => o.type === 'tone')).toEqual([
      { type: 'tone', action: 'start', tone: 'ringtone' },
      { type: 'tone', action: 'stop' },
    ]);
    expect(engine.pendingTimers()).toEqual([]);
  });

  it('a background tab that wakes after the deadline sees the call missed, even before its timer ran', () => {
    // A throttled tab: the clock moves but no timer has fired yet.
    let now = 1_000;
    const frozen = createVirtualClock(0);
    const clock = { now: () => now, scheduler: frozen.scheduler };
    const adapter = createLoopbackAdapter({ clock });
    const engine = createCallEngine({ adapter, clock });
    const callId = adapter.remote.ring({ remote: agent, ringTimeoutMs: 30_000 });
    now = 45_000;
    expect(remainingRingMs(getCall(engine.getSnapshot(), callId)!, now)).toBe(0);
    const result = engine.accept(callId);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('ringExpired');
    expect(engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'missed', endedAt: 31_000 });
    expect(adapter.log.some((entry) => entry.name === 'connect')).toBe(false);
  });

  it('Decline leads to the missed-call screen; Recall calls the agent back on a new, linked call', async () => {
    const { engine, adapter, clock, tone } = harness();
    const callId = adapter.remote.ring({ remote: agent, media: 'video' });
    await clock.tick(3_000);
    expect(engine.decline(callId).ok).toBe(true);
    expect(tone()).toBeUndefined();
    const [missed] = engine.getSnapshot().missed;
    expect(missed).toMatchObject({ callId, remote: agent, media: 'video', reason: 'declined' });
    expect(engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'declined', endedBy: 'local' });

    await clock.tick(60_000);
    const recall = engine.recall(callId);
    expect(recall.ok).toBe(true);
    const state = engine.getSnapshot();
    expect(state.missed).toEqual([]);
    expect(getCall(state, recall.callId)).toMatchObject({ direction: 'outbound', phase: 'calling', remote: agent, media: 'video', recallOf: callId });
    expect(tone()).toBe('ringback');
    expect(adapter.log.at(-1)).toMatchObject({ name: 'connect', callId: recall.callId });
  });

  it('Recall calls back the party as the adapter reported it, a number that is not E.164 included (a SIP extension)', () => {
    const { engine, adapter } = harness();
    const callId = adapter.remote.ring({ remote: { name: 'Agent Ann', number: '1001' }, media: 'audio' });
    engine.decline(callId);
    const recall = engine.recall(callId);
    expect(recall.ok).toBe(true);
    expect(adapter.log.at(-1)).toMatchObject({ name: 'connect', callId: recall.callId, args: [expect.objectContaining({ remote: { name: 'Agent Ann', number: '1001' } })] });
    // A number typed into a call out is still checked.
    engine.hangUp(recall.callId);
    const typed = engine.placeCall({ number: '1001' }, 'audio');
    expect(!typed.ok && typed.error.code).toBe('invalidNumber');
  });

  it('Accept connects: the video interface opens with both cameras', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring({ remote: agent, media: 'video' });
    engine.accept(callId);
    expect(callStatus(getCall(engine.getSnapshot(), callId)!)).toBe('connecting');
    await clock.tick(10);
    adapter.remote.setMedia(callId, { camera: true });
    const call = getCall(engine.getSnapshot(), callId)!;
    expect(call.phase).toBe('connected');
    expect(callLayout(call)).toEqual({ primary: 'remoteCamera', thumbnails: ['localCamera'] });
  });

  it('accepting a video call as audio only keeps the camera off', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring({ remote: agent, media: 'video' });
    engine.accept(callId, { media: 'audio' });
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ media: 'audio', local: { camera: 'off' } });
    expect(adapter.log.find((entry) => entry.name === 'connect')?.args[0]).toMatchObject({ media: 'audio' });
  });
});

describe('001 — the visitor makes an audio call', () => {
  it('rings, connects, counts the duration from connect, mutes, holds, dials and ends', async () => {
    const { engine, adapter, clock, tone, timelineKinds } = harness();
    const { callId } = engine.placeCall(agent, 'audio');
    let call = getCall(engine.getSnapshot(), callId)!;
    expect(callStatus(call)).toBe('calling');
    expect(tone()).toBe('ringback');

    await clock.tick(4_000);
    adapter.remote.answer(callId);
    expect(tone()).toBeUndefined();
    await clock.tick(10);
    call = getCall(engine.getSnapshot(), callId)!;
    expect(callStatus(call)).toBe('connected');
    const connectedAt = call.connectedAt!;
    expect(callDurationMs(call, clock.now())).toBe(0);

    engine.toggleMute(callId);
    expect(getCall(engine.getSnapshot(), callId)!.local.muted).toBe(true);

    await clock.tick(30_000);
    engine.hold(callId);
    expect(getCall(engine.getSnapshot(), callId)!.hold.status).toBe('holding');
    await clock.tick(10);
    expect(callStatus(getCall(engine.getSnapshot(), callId)!)).toBe('onHold');
    await clock.tick(20_000);
    expect(heldMs(getCall(engine.getSnapshot(), callId)!, clock.now())).toBe(20_000);
    engine.resume(callId);
    await clock.tick(10);
    expect(callStatus(getCall(engine.getSnapshot(), callId)!)).toBe('connected');

    expect(engine.sendDtmf(callId, '1').ok).toBe(true);
    expect(engine.sendDtmf(callId, '#').ok).toBe(true);
    const before = engine.getSnapshot();
    const bad = engine.sendDtmf(callId, '1E');
    expect(!bad.ok && bad.error.code).toBe('invalidDtmf');
    expect(engine.getSnapshot()).toBe(before);
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)!.dtmf.map((d) => [d.digits, d.status])).toEqual([['1', 'sent'], ['#', 'sent']]);
    expect(adapter.log.filter((e) => e.name === 'sendDtmf').map((e) => e.args[0])).toEqual(['1', '#']);

    await clock.tick(14_970);
    expect(callDurationMs(getCall(engine.getSnapshot(), callId)!, clock.now())).toBe(clock.now() - connectedAt);
    engine.hangUp(callId);
    const [entry] = engine.getSnapshot().history;
    expect(entry).toMatchObject({ id: callId, endReason: 'completed', endedBy: 'local', heldMs: 20_010 });
    expect(entry!.durationMs).toBe(65_000);
    expect(adapter.log.at(-1)).toMatchObject({ name: 'disconnect', callId });
    expect(timelineKinds(callId)).toEqual([
      'calling', 'remoteJoined', 'connected', 'muted', 'onHold', 'resumed', 'dtmf', 'dtmf', 'ended',
    ]);
  });

  it('a denied microphone ends the attempt with an error support can act on', async () => {
    const { engine, adapter, clock, outputs } = harness();
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    adapter.failNext('connect', { error: denied });
    const { callId } = engine.placeCall(agent, 'audio');
    await clock.tick(10);
    const [entry] = engine.getSnapshot().history;
    expect(entry).toMatchObject({ id: callId, endReason: 'failed', error: { code: 'permissionDenied', device: 'microphone' } });
    const error = outputs.find((o) => o.type === 'error');
    expect(error?.type === 'error' && error.error.remedy).toMatch(/microphone/i);
    expect(engine.getSnapshot().calls).toEqual([]);
  });

  it('the status shows "on hold" while the agent holds the visitor, and the timeline says when', async () => {
    const { engine, adapter, clock } = harness();
    const { callId } = engine.placeCall(agent, 'audio');
    await clock.tick(10);
    adapter.remote.answer(callId);
    await clock.tick(10);
    const call = () => getCall(engine.getSnapshot(), callId)!;
    expect(callStatus(call())).toBe('connected');
    adapter.remote.setMedia(callId, { held: true });
    expect(callStatus(call())).toBe('onHold');
    // The visitor's own controls are untouched: it is not their hold to resume.
    expect(call().hold.status).toBe('off');
    expect(callControls(call(), engine.capabilities).hold.active).toBe(false);
    await clock.tick(30_000);
    adapter.remote.setMedia(callId, { held: false });
    expect(callStatus(call())).toBe('connected');
    expect(engine.getTimeline().filter((entry) => entry.kind === 'remoteHeld' || entry.kind === 'remoteResumed').map(({ kind, at }) => ({ kind, at: at - call().connectedAt! }))).toEqual([
      { kind: 'remoteHeld', at: 0 }, { kind: 'remoteResumed', at: 30_000 },
    ]);
    // A far side that leaves while holding is not holding when it joins again.
    adapter.remote.setMedia(callId, { held: true });
    adapter.remote.leave(callId);
    expect(call().remoteMedia).toMatchObject({ presence: 'left', held: false });
  });

  it('Settings shows where there is something to set: devices to pick, or a background for the camera', async () => {
    const settingsOn = async (capabilities: Record<string, unknown>, media: 'audio' | 'video') => {
      const { engine, adapter, clock } = harness({ loopback: { capabilities } });
      const { callId } = engine.placeCall(agent, media);
      const calling = callControls(getCall(engine.getSnapshot(), callId)!, engine.capabilities).settings.visible;
      await clock.tick(10);
      adapter.remote.answer(callId);
      await clock.tick(10);
      return [calling, callControls(getCall(engine.getSnapshot(), callId)!, engine.capabilities).settings.visible];
    };
    expect(await settingsOn({ deviceSelection: true }, 'audio')).toEqual([true, true]);
    expect(await settingsOn({ deviceSelection: false, videoEffects: ['blur'] }, 'video')).toEqual([true, true]);
    expect(await settingsOn({ deviceSelection: false, videoEffects: ['blur'], video: false }, 'audio')).toEqual([false, false]);
    expect(await settingsOn({ deviceSelection: false, videoEffects: ['none'] }, 'video')).toEqual([false, false]);
  });

  it('the far side may play early media before answering; ringback stops for it', async () => {
    const { engine, adapter, clock, tone } = harness();
    const { callId } = engine.placeCall({ number: '+14155550100' }, 'audio');
    await clock.tick(10);
    expect(tone()).toBe('ringback');
    adapter.remote.earlyMedia(callId);
    expect(getCall(engine.getSnapshot(), callId)!.earlyMedia).toBe(true);
    expect(tone()).toBeUndefined();
    adapter.remote.hangUp(callId, 'busy');
    expect(engine.getSnapshot().history[0]).toMatchObject({ endReason: 'busy', endedBy: 'remote' });
  });
});

describe('004 — a call through a link: the agent waits, the client joins, shares, leaves', () => {
  it('plays beeps while waiting, stops them when the client joins, and shows joined/left', async () => {
    const { engine, adapter, clock, tone } = harness();
    const { callId } = engine.placeCall({ name: 'Client' }, 'video');
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)!.remoteMedia.presence).toBe('waiting');
    expect(tone()).toBe('ringback');
    await clock.tick(25_000);
    adapter.remote.join(callId);
    expect(tone()).toBeUndefined();
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ phase: 'connected', remoteMedia: { presence: 'joined' } });
    adapter.remote.leave(callId);
    expect(getCall(engine.getSnapshot(), callId)!.remoteMedia.presence).toBe('left');
    adapter.remote.join(callId);
    expect(getCall(engine.getSnapshot(), callId)!.remoteMedia.presence).toBe('joined');
  });

  it('a client who leaves while the media is down is waited for, not reconnected to, and no dropped call follows', async () => {
    const h = harness();
    const { engine, adapter, clock } = h;
    const callId = await connectedOutbound(h);
    // The client's tab closes: its media goes a moment before the leave arrives.
    adapter.remote.dropNetwork(callId);
    expect(getCall(engine.getSnapshot(), callId)?.phase).toBe('reconnecting');
    adapter.remote.leave(callId);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ phase: 'connected', remoteMedia: { presence: 'left' } });
    expect(getCall(engine.getSnapshot(), callId)?.reconnect).toBeUndefined();
    expect(engine.pendingTimers().filter((timer) => timer.callId === callId)).toEqual([]);
    await clock.tick(10 * 60_000);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ phase: 'connected', remoteMedia: { presence: 'left' } });
    expect(adapter.log.filter((entry) => entry.name === 'reconnect')).toEqual([]);
  });

  it('a client who joins and closes the tab before media flows did not decline: the call failed', async () => {
    const { engine, adapter, clock } = harness();
    const { callId } = engine.placeCall({ name: 'Client' }, 'video');
    await clock.tick(10);
    adapter.setLatency('connect', 5_000);
    adapter.remote.join(callId);
    expect(getCall(engine.getSnapshot(), callId)?.phase).toBe('connecting');
    adapter.remote.hangUp(callId);
    expect(engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'failed', endedBy: 'remote' });

    // One who hangs up before joining did refuse it.
    const second = engine.placeCall({ name: 'Client' }, 'video');
    await clock.tick(10);
    adapter.remote.hangUp(second.callId);
    expect(engine.getSnapshot().history[0]).toMatchObject({ id: second.callId, endReason: 'declined' });
  });

  it("the client's shared screen takes the primary place, cameras become thumbnails", async () => {
    const h = harness();
    const { engine, adapter, clock } = h;
    const callId = await connectedOutbound(h);
    adapter.remote.setMedia(callId, { camera: true, screenShare: true });
    expect(callLayout(getCall(engine.getSnapshot(), callId)!)).toEqual({ primary: 'remoteScreen', thumbnails: ['remoteCamera', 'localCamera'] });
    adapter.remote.setMedia(callId, { screenShare: false });
    expect(callLayout(getCall(engine.getSnapshot(), callId)!).primary).toBe('remoteCamera');
  });

  it("the browser's own Stop sharing ends sharing, and the backend hears both", async () => {
    const h = harness();
    const { engine, adapter, clock, outputs } = h;
    const callId = await connectedOutbound(h);
    engine.startScreenShare(callId);
    expect(getCall(engine.getSnapshot(), callId)!.local.screenShare).toBe('starting');
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)!.local.screenShare).toBe('on');
    adapter.remote.stopSharingFromBrowser(callId);
    expect(getCall(engine.getSnapshot(), callId)!.local.screenShare).toBe('off');
    const notices = outputs.flatMap((o) => (o.type === 'notice' ? [o.notice.type] : []));
    expect(notices).toEqual(['callStarted', 'callAnswered', 'screenShareStarted', 'screenShareStopped']);
    expect(adapter.log.at(-1)).toMatchObject({ name: 'stopScreenShare', callId });
  });

  it('a denied screen share says how to fix it and leaves sharing off', async () => {
    const h = harness();
    const { engine, adapter, clock, outputs } = h;
    const callId = await connectedOutbound(h);
    adapter.failNext('startScreenShare');
    engine.startScreenShare(callId);
    await clock.tick(10);
    const call = getCall(engine.getSnapshot(), callId)!;
    expect(call.local.screenShare).toBe('off');
    expect(call.lastError).toMatchObject({ code: 'permissionDenied', device: 'screen' });
    const error = outputs.find((o) => o.type === 'error');
    expect(error?.type === 'error' && error.error.remedy).toMatch(/picker|Chrome/);
  });

  it('END CALL closes the call screen and stops every stream', async () => {
    const h = harness();
    const { engine, adapter, clock, outputs } = h;
    const callId = await connectedOutbound(h);
    engine.startScreenShare(callId);
    engine.setCamera(callId, true);
    await clock.tick(10);
    expect(adapter.openTracks(callId).sort()).toEqual(['camera', 'microphone', 'screen']);
    engine.hangUp(callId);
    expect(activeCall(engine.getSnapshot())).toBeUndefined();
    expect(adapter.log.at(-1)).toMatchObject({ name: 'disconnect', callId, args: ['completed'] });
    const notices = outputs.flatMap((o) => (o.type === 'notice' ? [o.notice.type] : []));
    expect(notices.slice(-2)).toEqual(['screenShareStopped', 'callEnded']);
    // The adapter drops the call: its streams are closed, and the far side can no longer reach it.
    await clock.tick(10);
    expect(adapter.openTracks(callId)).toEqual([]);
    adapter.remote.setMedia(callId, { camera: true });
    expect(engine.getSnapshot().calls).toEqual([]);
  });

  it('the far side hanging up closes every stream too', async () => {
    const h = harness();
    const callId = await connectedOutbound(h);
    h.adapter.remote.hangUp(callId);
    await h.clock.tick(50);
    expect(h.adapter.openTracks(callId)).toEqual([]);
  });

  it('disposing the engine mid-call closes every stream too', async () => {
    const h = harness();
    const callId = await connectedOutbound(h);
    h.engine.startScreenShare(callId);
    await h.clock.tick(10);
    expect(h.adapter.openTracks(callId).length).toBeGreaterThan(0);
    h.engine.dispose();
    expect(h.adapter.openTracks(callId)).toEqual([]);
  });
});

describe('the dial pad log (001, 003)', () => {
  it('keeps the last dtmfLogLimit sends, each with its own outcome, however many are in flight', async () => {
    const { engine, adapter, clock, outputs } = harness({ engine: { config: { dtmfLogLimit: 2 } } });
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    adapter.failNext('sendDtmf');
    for (const digits of ['1', '2', '3']) expect(engine.sendDtmf(callId, digits).ok).toBe(true);
    // '1' has left the log while still on its way; its failure lands on no other entry, and is still reported.
    expect(getCall(engine.getSnapshot(), callId)!.dtmf.map((d) => [d.seq, d.digits, d.status])).toEqual([[2, '2', 'sending'], [3, '3', 'sending']]);
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)!.dtmf.map((d) => [d.seq, d.digits, d.status])).toEqual([[2, '2', 'sent'], [3, '3', 'sent']]);
    expect(outputs.filter((o) => o.type === 'error').map((o) => o.type === 'error' && o.error.message)).toEqual([expect.stringMatching(/^DTMF 1 failed: /)]);
    expect(getCall(engine.getSnapshot(), callId)!.lastError?.message).toMatch(/^DTMF 1 failed: /);
  });
});
