// The suite every MediaAdapter passes. It talks to the adapter through the
// port only, and to the far side through a `RemoteDriver` the adapter's own
// test provides (a second browser page, a SIP phone, or the loopback remote).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capabilityOf, type MediaAdapter } from '../adapter.js';
import { parseAdapterEvent } from '../adapterEvents.js';
import { RinglineError } from '../errors.js';
import type { AdapterCommandName, AdapterEvent } from '../events.js';
import { defaultDevices, type CallId, type MediaKind } from '../model.js';

export interface RemoteDriver {
  /** The far side calls us; resolves with the call id the adapter reported in `incoming`. */
  ring(media: MediaKind): Promise<CallId>;
  /** The far side answers the outbound call `callId`. */
  answer(callId: CallId): Promise<void>;
  /** The far side hangs up. */
  hangUp(callId: CallId): Promise<void>;
  /**
   * What the network and the browser do, where the test can make them: the
   * path drops and comes back; the browser's own "Stop sharing" bar is
   * pressed (004). Cases that need one are skipped without it.
   */
  dropNetwork?(callId: CallId): Promise<void>;
  restoreNetwork?(callId: CallId): Promise<void>;
  stopSharingFromBrowser?(callId: CallId): Promise<void>;
  /**
   * What the far side hears of our hold, mute and dial pad (the digits so
   * far; leave `dtmf` out where the far side cannot tell): the proof that a
   * command which resolved did what it said. Without it, that case is skipped.
   */
  heard?(callId: CallId): Promise<{ held?: boolean; muted?: boolean; dtmf?: string } | undefined>;
}

export interface ContractSubject {
  adapter: MediaAdapter;
  remote: RemoteDriver;
  /** Lets time and I/O progress until the adapter has had a chance to react. */
  settle(): Promise<void>;
  /** Adapters that can inject faults prove every command's failure path with them. */
  failNext?(command: AdapterCommandName): void;
  /**
   * The local tracks (microphone, camera, screen) still open for a call, named
   * as the adapter likes: none once it ends (004 "stops all streams").
   */
  openTracks?(callId: CallId): readonly string[] | Promise<readonly string[]>;
  cleanup?(): Promise<void> | void;
}

export interface ContractOptions {
  /** Outbound call targets the far side understands. */
  dialTarget?: { name?: string; number?: string; id?: string };
  /** Wait this long for an expected event. */
  timeoutMs?: number;
}

// Takeover and phone forwarding are optional adapter methods, outside the contract every adapter must meet.
type CallCommand = Exclude<AdapterCommandName, 'connect' | 'disconnect' | 'reconnect' | 'acceptTakeover' | 'declineTakeover' | 'forwardToPhone'>;

function invoke(adapter: MediaAdapter, name: CallCommand, callId: CallId): Promise<void> {
  switch (name) {
    case 'setMuted': return adapter.setMuted(callId, true);
    case 'setCamera': return adapter.setCamera(callId, true);
    case 'startScreenShare': return adapter.startScreenShare(callId);
    case 'stopScreenShare': return adapter.stopScreenShare(callId);
    case 'hold': return adapter.hold(callId);
    case 'resume': return adapter.resume(callId);
    case 'sendDtmf': return adapter.sendDtmf(callId, '1');
  }
}

/** In the order a user would press them on one call. */
const callCommands: CallCommand[] = ['setMuted', 'setCamera', 'startScreenShare', 'stopScreenShare', 'hold', 'resume', 'sendDtmf'];

const preferences = defaultDevices.preferences;

export function runAdapterContract(name: string, factory: () => Promise<ContractSubject> | ContractSubject, options: ContractOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const dialTarget = options.dialTarget ?? { name: 'Far side' };

  describe(`MediaAdapter contract: ${name}`, () => {
    let subject: ContractSubject;
    let seen: unknown[];
    let completed: boolean;
    /** The calls this case dialled or the far side rang: events about any other call are the adapter's invention. */
    let known: Set<CallId>;

    beforeEach(async () => {
      subject = await factory();
      seen = [];
      completed = false;
      known = new Set();
      subject.adapter.events$.subscribe({ next: (event) => seen.push(event), complete: () => (completed = true) });
    });

    afterEach(async () => {
      // Every case holds every event it saw to the engine's schema: an event the engine would drop fails the case that caused it.
      const invalid = seen.filter((event) => !parseAdapterEvent(event).ok);
      const strangers = seen.filter((event) => typeof (event as { callId?: unknown }).callId === 'string' && !known.has((event as { callId: CallId }).callId));
      subject.adapter.dispose();
      await subject.cleanup?.();
      expect(invalid, 'events the engine would drop as invalid').toEqual([]);
      expect(strangers, 'events about calls nobody dialled or rang').toEqual([]);
    });

    const eventsFor = (callId: CallId) => seen.filter((e): e is AdapterEvent => (e as { callId?: unknown }).callId === callId);

    async function until(predicate: () => boolean, what: string): Promise<void> {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        await subject.settle();
        if (predicate()) return;
        if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}; saw ${JSON.stringify(seen)}`);
      }
    }

    /** Waits for a command while letting the adapter's time and I/O move (virtual clocks need it). */
    async function done<T>(pending: Promise<T>): Promise<T> {
      let finished = false;
      pending.then(() => (finished = true), () => (finished = true));
      const deadline = performance.now() + timeoutMs;
      while (!finished && performance.now() < deadline) await subject.settle();
      return pending;
    }

    function newCallId(): CallId {
      const callId = `contract-${Math.random().toString(36).slice(2)}`;
      known.add(callId);
      return callId;
    }

    async function ring(media: MediaKind): Promise<CallId> {
      const callId = await subject.remote.ring(media);
      known.add(callId);
      return callId;
    }

    /** A few more turns of the adapter's time and I/O: a late duplicate or stray event has its chance to show. */
    async function settleMore(): Promise<void> {
      for (let i = 0; i < 3; i++) await subject.settle();
    }

    const mediaConnectedCount = (callId: CallId) => eventsFor(callId).filter((e) => e.type === 'mediaConnected').length;

    async function connectedOutbound(media: MediaKind = 'audio'): Promise<CallId> {
      const callId = newCallId();
      await done(subject.adapter.connect({ callId, direction: 'outbound', media, remote: dialTarget, preferences }));
      await subject.remote.answer(callId);
      await until(() => eventsFor(callId).some((e) => e.type === 'mediaConnected'), 'mediaConnected');
      return callId;
    }

    it('declares its capabilities completely', () => {
      const caps = subject.adapter.capabilities;
      for (const key of ['hold', 'dtmf', 'video', 'screenShare', 'earlyMedia', 'recording'] as const) {
        expect(typeof caps[key], key).toBe('boolean');
      }
      expect(Array.isArray(caps.transferTargets)).toBe(true);
      // The desk shows Transfer for these targets: something must carry it out.
      if (caps.transferTargets.length > 0) expect(typeof (subject.adapter as { transfer?: unknown }).transfer, 'transfer, for the declared transferTargets').toBe('function');
    });

    it('outbound: no media before the far side answers; then the answer, then media once, in that order', async () => {
      const callId = newCallId();
      await done(subject.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: dialTarget, preferences }));
      await settleMore();
      // A call nobody answered must not look connected: the engine would stop its ring countdown and log it answered.
      expect(mediaConnectedCount(callId), 'mediaConnected before the answer').toBe(0);
      await subject.remote.answer(callId);
      await until(() => mediaConnectedCount(callId) > 0, 'mediaConnected');
      await settleMore();
      const types = eventsFor(callId).map((e) => e.type);
      const joined = types.indexOf('remoteJoined');
      if (joined >= 0) expect(joined).toBeLessThan(types.indexOf('mediaConnected'));
      expect(mediaConnectedCount(callId)).toBe(1);
    });

    it('inbound: reports the offer, and media once answered, once', async () => {
      const callId = await ring('audio');
      const offer = eventsFor(callId).find((e) => e.type === 'incoming');
      expect(offer).toMatchObject({ type: 'incoming', callId, media: 'audio' });
      await done(subject.adapter.connect({ callId, direction: 'inbound', media: 'audio', remote: {}, preferences }));
      await until(() => mediaConnectedCount(callId) > 0, 'mediaConnected on the answered call');
      await settleMore();
      expect(mediaConnectedCount(callId)).toBe(1);
    });

    it('carries out every command it declares, and refuses the rest as unsupported', async () => {
      const media: MediaKind = subject.adapter.capabilities.video ? 'video' : 'audio';
      const callId = await connectedOutbound(media);
      for (const command of callCommands) {
        const capability = capabilityOf[command];
        const outcome = done(invoke(subject.adapter, command, callId));
        if (capability && !subject.adapter.capabilities[capability]) {
          await expect(outcome, command).rejects.toMatchObject({ code: 'unsupported' });
        } else {
          await expect(outcome, command).resolves.toBeUndefined();
        }
      }
      // And back: a muted user is heard again, a camera turned off is off.
      await expect(done(subject.adapter.setMuted(callId, false)), 'setMuted(false)').resolves.toBeUndefined();
      if (subject.adapter.capabilities.video) await expect(done(subject.adapter.setCamera(callId, false)), 'setCamera(false)').resolves.toBeUndefined();
    });

    it('what hold, mute and the dial pad do reaches the far side, and their undoing too', async (ctx) => {
      const heard = subject.remote.heard;
      if (!heard) return ctx.skip();
      const caps = subject.adapter.capabilities;
      const callId = await connectedOutbound();
      const hears = async (what: string, expected: (seen: { held?: boolean; muted?: boolean; dtmf?: string }) => boolean) => {
        let last: unknown;
        const deadline = performance.now() + timeoutMs;
        for (;;) {
          const seen = await heard.call(subject.remote, callId);
          last = seen;
          if (seen && expected(seen)) return;
          if (performance.now() > deadline) throw new Error(`The far side did not hear ${what}; it heard ${JSON.stringify(last)}`);
          await subject.settle();
        }
      };
      await done(subject.adapter.setMuted(callId, true));
      await hears('the mute', (seen) => seen.muted === true);
      await done(subject.adapter.setMuted(callId, false));
      await hears('the unmute', (seen) => seen.muted === false);
      if (caps.hold) {
        await done(subject.adapter.hold(callId));
        await hears('the hold', (seen) => seen.held === true);
        await done(subject.adapter.resume(callId));
        await hears('the resume', (seen) => seen.held === false);
      }
      // A driver that cannot hear digits says no `dtmf` at all.
      if (caps.dtmf && typeof (await heard.call(subject.remote, callId))?.dtmf === 'string') {
        await done(subject.adapter.sendDtmf(callId, '12#'));
        await hears('the digits 12#', (seen) => seen.dtmf?.endsWith('12#') === true);
      }
    });

    it('applies device choices, volume and every background effect it declares, during a call and between calls', async () => {
      const caps = subject.adapter.capabilities;
      const apply = async () => {
        if (caps.deviceSelection) {
          for (const kind of ['microphone', 'speaker', 'camera'] as const) {
            await expect(done(subject.adapter.selectDevice!(kind, undefined)), `selectDevice ${kind}`).resolves.toBeUndefined();
          }
          await expect(done(subject.adapter.setVolume!(0.5)), 'setVolume').resolves.toBeUndefined();
        }
        for (const kind of caps.videoEffects ?? []) {
          const effect = kind === 'image' ? { kind, url: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7' } : { kind };
          await expect(done(subject.adapter.setVideoEffect!(effect)), `setVideoEffect ${kind}`).resolves.toBeUndefined();
        }
        if (caps.videoEffects?.length) await expect(done(subject.adapter.setVideoEffect!({ kind: 'none' }))).resolves.toBeUndefined();
      };
      await apply();
      await connectedOutbound(caps.video ? 'video' : 'audio');
      await apply();
    });

    it('rejects commands on a call it does not know with a RinglineError', async () => {
      for (const command of callCommands) {
        const outcome = done(invoke(subject.adapter, command, 'no-such-call'));
        await expect(outcome, command).rejects.toBeInstanceOf(RinglineError);
      }
      // An answer for an offer that never came, and a reconnect of nothing.
      await expect(done(subject.adapter.connect({ callId: 'no-such-call', direction: 'inbound', media: 'audio', remote: {}, preferences })), 'inbound connect').rejects.toBeInstanceOf(RinglineError);
      await expect(done(subject.adapter.reconnect('no-such-call', 1)), 'reconnect').rejects.toBeInstanceOf(RinglineError);
    });

    it('fails each command when a fault is injected, and keeps working afterwards', async (ctx) => {
      if (!subject.failNext) return ctx.skip();
      const media: MediaKind = subject.adapter.capabilities.video ? 'video' : 'audio';
      const callId = await connectedOutbound(media);
      for (const command of callCommands) {
        const capability = capabilityOf[command];
        if (capability && !subject.adapter.capabilities[capability]) continue;
        subject.failNext(command);
        await expect(done(invoke(subject.adapter, command, callId)), command).rejects.toBeInstanceOf(RinglineError);
        await expect(done(invoke(subject.adapter, command, callId)), `${command} after the fault`).resolves.toBeUndefined();
      }
    });

    it('fails a connect when a fault is injected (a denied microphone looks like this), and connects the next call', async (ctx) => {
      if (!subject.failNext) return ctx.skip();
      subject.failNext('connect');
      const callId = `contract-${Math.random().toString(36).slice(2)}`;
      await expect(done(subject.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: dialTarget, preferences }))).rejects.toBeInstanceOf(RinglineError);
      await connectedOutbound();
    });

    it('reports the far side hanging up, on a call placed or taken, and a caller who gives up while it rings', async () => {
      const ended = (callId: CallId) => until(() => eventsFor(callId).some((e) => e.type === 'remoteEnded'), `remoteEnded for ${callId}`);
      const placed = await connectedOutbound();
      await subject.remote.hangUp(placed);
      await ended(placed);
      const taken = await ring('audio');
      await done(subject.adapter.connect({ callId: taken, direction: 'inbound', media: 'audio', remote: {}, preferences }));
      await until(() => mediaConnectedCount(taken) > 0, 'mediaConnected on the answered call');
      await subject.remote.hangUp(taken);
      await ended(taken);
      const unanswered = await ring('audio');
      await subject.remote.hangUp(unanswered);
      await ended(unanswered);
    });

    it('disconnect is idempotent and silences the call', async () => {
      const callId = await connectedOutbound();
      await done(subject.adapter.disconnect(callId, 'completed'));
      await expect(done(subject.adapter.disconnect(callId, 'completed'))).resolves.toBeUndefined();
      // What the adapter said before the disconnect may still be on its way to the test (a page relaying to Node).
      await subject.settle();
      const before = eventsFor(callId).length;
      await subject.remote.hangUp(callId).catch(() => undefined);
      await settleMore();
      expect(eventsFor(callId).slice(before)).toEqual([]);
      await expect(done(subject.adapter.hold(callId))).rejects.toBeInstanceOf(RinglineError);
    });

    it('stops every stream of a call when it is disconnected, and of every call when disposed', async (ctx) => {
      if (!subject.openTracks) return ctx.skip();
      const openTracks = async (callId: CallId) => [...(await subject.openTracks!(callId))];
      const caps = subject.adapter.capabilities;
      const callId = await connectedOutbound(caps.video ? 'video' : 'audio');
      if (caps.video) await done(subject.adapter.setCamera(callId, true));
      const withoutShare = (await openTracks(callId)).length;
      expect(withoutShare).toBeGreaterThan(0);
      if (caps.video) {
        // Camera off closes the camera (its light goes out), it does not only stop sending.
        await done(subject.adapter.setCamera(callId, false));
        expect((await openTracks(callId)).length, 'tracks open with the camera off').toBeLessThan(withoutShare);
        await done(subject.adapter.setCamera(callId, true));
      }
      // A shared screen may join the camera or take its place (p2p sends one video track): either way tracks are open.
      if (caps.screenShare) await done(subject.adapter.startScreenShare(callId));
      expect((await openTracks(callId)).length).toBeGreaterThanOrEqual(withoutShare);
      await done(subject.adapter.disconnect(callId, 'completed'));
      expect(await openTracks(callId)).toEqual([]);
      const other = await connectedOutbound();
      expect((await openTracks(other)).length).toBeGreaterThan(0);
      subject.adapter.dispose();
      await subject.settle();
      expect(await openTracks(other)).toEqual([]);
    });

    it('a disconnect that fails can be tried again, and then silences the call', async (ctx) => {
      if (!subject.failNext) return ctx.skip();
      const callId = await connectedOutbound();
      subject.failNext('disconnect');
      await expect(done(subject.adapter.disconnect(callId, 'completed'))).rejects.toBeInstanceOf(RinglineError);
      await expect(done(subject.adapter.disconnect(callId, 'completed'))).resolves.toBeUndefined();
      await expect(done(subject.adapter.hold(callId))).rejects.toBeInstanceOf(RinglineError);
    });

    it('reports a network drop and its return in that order; reconnect fails while down when faulted, and succeeds once back', async (ctx) => {
      const { dropNetwork, restoreNetwork } = subject.remote;
      if (!dropNetwork || !restoreNetwork) return ctx.skip();
      const callId = await connectedOutbound();
      await dropNetwork.call(subject.remote, callId);
      await until(() => eventsFor(callId).some((e) => e.type === 'networkLost'), 'networkLost');
      if (subject.failNext) {
        subject.failNext('reconnect');
        await expect(done(subject.adapter.reconnect(callId, 1))).rejects.toBeInstanceOf(RinglineError);
      }
      await restoreNetwork.call(subject.remote, callId);
      await until(() => eventsFor(callId).some((e) => e.type === 'networkRestored'), 'networkRestored');
      const types = eventsFor(callId).map((e) => e.type);
      expect(types.indexOf('networkLost')).toBeLessThan(types.indexOf('networkRestored'));
      await expect(done(subject.adapter.reconnect(callId, 2))).resolves.toBeUndefined();
    });

    it("reports the browser's own Stop sharing as the end of the share (004)", async (ctx) => {
      const stop = subject.remote.stopSharingFromBrowser;
      if (!stop || !subject.adapter.capabilities.screenShare) return ctx.skip();
      const callId = await connectedOutbound();
      const before = subject.openTracks ? (await subject.openTracks(callId)).length : 0;
      await done(subject.adapter.startScreenShare(callId));
      await stop.call(subject.remote, callId);
      await until(() => eventsFor(callId).some((e) => e.type === 'localScreenShareEnded'), 'localScreenShareEnded');
      // The shared screen's track is closed, the others stay.
      if (subject.openTracks) expect((await subject.openTracks(callId)).length).toBe(before);
    });

    it('dispose settles what was under way, completes events$ and refuses every later command', async () => {
      const callId = await connectedOutbound();
      // A command in flight when the adapter goes must not leave its caller waiting for ever.
      let settled = false;
      subject.adapter.setMuted(callId, true).then(() => (settled = true), () => (settled = true));
      subject.adapter.dispose();
      subject.adapter.dispose();
      expect(completed).toBe(true);
      const deadline = performance.now() + timeoutMs;
      while (!settled && performance.now() < deadline) await subject.settle();
      expect(settled, 'a command under way at dispose settled').toBe(true);
      const after: [string, () => Promise<void>][] = [
        ['connect', () => subject.adapter.connect({ callId: newCallId(), direction: 'outbound', media: 'audio', remote: dialTarget, preferences })],
        ['reconnect', () => subject.adapter.reconnect(callId, 1)],
        ...callCommands.map((command): [string, () => Promise<void>] => [command, () => invoke(subject.adapter, command, callId)]),
      ];
      for (const [command, run] of after) await expect(done(run()), command).rejects.toMatchObject({ code: 'disposed' });
    });
  });
}
