// An in-memory MediaAdapter with a scriptable far side: per-command latency
// and faults, remote answer/join/leave/hang-up, network drop and restore, and
// the browser's own "Stop sharing". Latency runs on the injected clock.
import { Subject } from 'rxjs';
import { type AdapterCapabilities, capabilityOf, type ConnectRequest, type MediaAdapter } from '../adapter.js';
import type { Clock } from '../clock.js';
import { RinglineError } from '../errors.js';
import type { AdapterCommandName, AdapterEvent, RemoteEndReason } from '../events.js';
import type { CallId, Device, MediaDeviceEntry, MediaKind, RemoteParty } from '../model.js';
import type { TransferFailure } from '../desk/model.js';

/** Desk methods the loopback also carries (desk/runtime.ts `DeskAdapter`). */
export type LoopbackDeskMethod = 'refuseOffer' | 'setHoldAudio' | 'transfer' | 'cancelTransfer' | 'stopRecording' | 'ringCallback' | 'dialCallback';

export type LoopbackSettingMethod = 'selectDevice' | 'setVolume' | 'setVideoEffect';

export interface LoopbackCommandRecord {
  name: AdapterCommandName | LoopbackDeskMethod | LoopbackSettingMethod;
  callId: CallId;
  at: number;
  args: unknown[];
}

interface LoopbackCall {
  direction: 'inbound' | 'outbound';
  media: MediaKind;
  /** Inbound: ringing until connect. Outbound: dialling until the remote answers. */
  stage: 'ringing' | 'dialing' | 'connecting' | 'connected' | 'ended';
  networkDown: boolean;
  /** An automated callback the agent answered: media waits until the customer answers (`remote.answer`). */
  awaitingCustomer?: boolean;
  /** The local streams this call holds open, as a browser would: the microphone from connect, the camera, a shared screen. */
  tracks: Set<LoopbackTrack>;
  /** What the far side hears of this side's commands once they are carried out. */
  heard?: { held: boolean; muted: boolean; dtmf: string };
}

export type LoopbackTrack = 'microphone' | 'camera' | 'screen';

export interface LoopbackFault {
  error?: unknown;
  /** Fail every time until cleared, rather than once. */
  always?: boolean;
}

export interface LoopbackOptions {
  clock: Clock;
  capabilities?: Partial<AdapterCapabilities>;
  /** Milliseconds each command takes; a number applies to all. */
  latencyMs?: number | Partial<Record<AdapterCommandName, number>>;
  /** Outbound calls are answered by the far side after this long; by default they wait for `remote.answer`. */
  autoAnswerAfterMs?: number;
}

export const loopbackCapabilities: AdapterCapabilities = Object.freeze({
  hold: true,
  dtmf: true,
  video: true,
  screenShare: true,
  earlyMedia: true,
  recording: false,
  transferTargets: Object.freeze([]) as AdapterCapabilities['transferTargets'],
  deviceSelection: true,
  videoEffects: Object.freeze(['blur', 'faceTrace', 'image']) as AdapterCapabilities['videoEffects'],
});

/** The far side of a loopback call, driven by a test or the quickstart. */
export interface LoopbackRemote {
  ring(options?: { callId?: CallId; remote?: RemoteParty; media?: MediaKind; ringTimeoutMs?: number }): CallId;
  cancel(callId: CallId): void;
  answerElsewhere(callId: CallId): void;
  earlyMedia(callId: CallId): void;
  answer(callId: CallId): void;
  leave(callId: CallId): void;
  join(callId: CallId): void;
  hangUp(callId: CallId, reason?: RemoteEndReason): void;
  setMedia(callId: CallId, media: { camera?: boolean; screenShare?: boolean; muted?: boolean; held?: boolean }): void;
  dropNetwork(callId: CallId): void;
  restoreNetwork(callId: CallId): void;
  /** The path comes back without anyone saying so: the next `reconnect` attempt succeeds. */
  healNetwork(callId: CallId): void;
  stopSharingFromBrowser(callId: CallId): void;
  /** What the far side hears of this side's hold, mute and dial pad, as carried out (undefined for no live call). */
  heard(callId: CallId): { held: boolean; muted: boolean; dtmf: string } | undefined;
  /** A device was plugged in or out: the new list of microphones, speakers and cameras. */
  setDevices(devices: MediaDeviceEntry[]): void;
  /** Emits anything, valid or not: for testing the engine's validation. */
  emitRaw(event: unknown): void;
  /** An offer from the routing side to an agent desk (desk/events.ts `offer`). */
  offer(options?: { callId?: CallId; remote?: RemoteParty; media?: MediaKind; queue?: string; summary?: string; handoff?: boolean; conversationId?: string; ringTimeoutMs?: number }): CallId;
  /** The far side of the latest transfer of this call rings, answers, or fails. */
  transferRinging(callId: CallId): void;
  transferAnswered(callId: CallId): void;
  transferFails(callId: CallId, reason: Exclude<TransferFailure, 'canceled'>): void;
}

export interface LoopbackAdapter extends MediaAdapter {
  readonly remote: LoopbackRemote;
  readonly log: LoopbackCommandRecord[];
  failNext(command: AdapterCommandName | LoopbackSettingMethod, fault?: LoopbackFault): void;
  clearFaults(): void;
  setLatency(command: AdapterCommandName, ms: number): void;
  readonly disposed: boolean;
  /** The streams still open for a call (none once it is disconnected or the adapter disposed): "end call stops all streams" (004). */
  openTracks(callId: CallId): LoopbackTrack[];
  refuseOffer(callId: CallId, reason: string): Promise<void>;
  /** The platform rings the agent for an automated callback (003). */
  ringCallback(callId: CallId, number: string): Promise<void>;
  /** The agent answered: the customer is dialled, and answers with `remote.answer` or not at all. */
  dialCallback(callId: CallId, number: string): Promise<void>;
  setHoldAudio(callId: CallId, audio: { kind: string; url: string } | null): Promise<void>;
  transfer(callId: CallId, transferId: string, target: unknown): Promise<void>;
  cancelTransfer(callId: CallId, transferId: string): Promise<void>;
  stopRecording(callId: CallId): Promise<void>;
}

const permissionDevice: Partial<Record<AdapterCommandName, Device>> = { setCamera: 'camera', startScreenShare: 'screen' };

let loopbackIds = 0;

export function createLoopbackAdapter(options: LoopbackOptions): LoopbackAdapter {
  const { clock } = options;
  const capabilities: AdapterCapabilities = { ...loopbackCapabilities, ...options.capabilities };
  const events = new Subject<AdapterEvent>();
  const calls = new Map<CallId, LoopbackCall>();
  const faults = new Map<AdapterCommandName | LoopbackSettingMethod, LoopbackFault>();
  const latency: Partial<Record<AdapterCommandName, number>> = typeof options.latencyMs === 'number' ? {} : { ...options.latencyMs };
  const defaultLatency = typeof options.latencyMs === 'number' ? options.latencyMs : 0;
  const log: LoopbackCommandRecord[] = [];
  const transfers = new Map<CallId, string>();
  let disposed = false;

  const emit = (event: AdapterEvent) => {
    if (!disposed) events.next(event);
  };
  const hear = (call: LoopbackCall | undefined, change: Partial<NonNullable<LoopbackCall['heard']>>) => {
    if (call) call.heard = { held: false, muted: false, dtmf: '', ...call.heard, ...change };
  };
  const live = (callId: CallId) => {
    const call = calls.get(callId);
    return call && call.stage !== 'ended' ? call : undefined;
  };
  // Work still pending at dispose is abandoned; `abandoned` settles a command's promise there and then, so no caller waits forever.
  const abandon = new Set<() => void>();
  const later = (ms: number, work: () => void, abandoned?: () => void) => {
    if (abandoned) abandon.add(abandoned);
    clock.scheduler.schedule(() => {
      if (abandoned) abandon.delete(abandoned);
      if (!disposed) work();
    }, ms);
  };
  const disposedError = (callId?: CallId) => new RinglineError('disposed', 'The loopback adapter is disposed', callId === undefined ? {} : { callId });

  /** Every command: logged, checked against capabilities and faults, then delayed. */
  function command(name: AdapterCommandName, callId: CallId, args: unknown[], apply: (call: LoopbackCall | undefined) => void): Promise<void> {
    log.push({ name, callId, at: clock.now(), args });
    if (disposed) return Promise.reject(disposedError(callId));
    const capability = capabilityOf[name];
    if (capability && !capabilities[capability]) {
      return Promise.reject(new RinglineError('unsupported', `Loopback configured without ${capability}`, { callId }));
    }
    return new Promise<void>((resolve, reject) => {
      later(latency[name] ?? defaultLatency, () => {
        const fault = faults.get(name);
        if (fault) {
          if (!fault.always) faults.delete(name);
          const device = permissionDevice[name];
          reject(fault.error ?? new RinglineError(device ? 'permissionDenied' : 'commandFailed', `Injected ${name} failure`, device ? { callId, device } : { callId }));
          return;
        }
        const call = live(callId);
        if (!call && name !== 'disconnect' && name !== 'connect') {
          reject(new RinglineError('unknownCall', `Loopback has no live call ${callId}`, { callId }));
          return;
        }
        if (name === 'reconnect' && call?.networkDown) {
          reject(new RinglineError('commandFailed', 'Network still down', { callId }));
          return;
        }
        try {
          apply(call);
          resolve();
        } catch (thrown) {
          reject(thrown);
        }
      }, () => reject(disposedError(callId)));
    });
  }

  const remote: LoopbackRemote = {
    ring({ callId = `loopback-${++loopbackIds}`, remote: party = { name: 'Remote' }, media = 'audio', ringTimeoutMs } = {}) {
      calls.set(callId, { direction: 'inbound', media, stage: 'ringing', networkDown: false, tracks: new Set() });
      emit(ringTimeoutMs === undefined ? { type: 'incoming', callId, remote: party, media } : { type: 'incoming', callId, remote: party, media, ringTimeoutMs });
      return callId;
    },
    cancel(callId) {
      const call = live(callId);
      if (!call) return;
      call.stage = 'ended';
      emit({ type: 'remoteEnded', callId, reason: 'canceled' });
    },
    answerElsewhere(callId) {
      const call = live(callId);
      if (!call) return;
      call.stage = 'ended';
      emit({ type: 'remoteEnded', callId, reason: 'answeredElsewhere' });
    },
    earlyMedia(callId) {
      if (live(callId)?.stage === 'dialing') emit({ type: 'earlyMedia', callId });
    },
    answer(callId) {
      const call = live(callId);
      if (!call || call.stage !== 'dialing') return;
      call.stage = 'connecting';
      // A callback's customer joins a call the agent already answered: only media is left to come up.
      if (call.direction === 'outbound') emit({ type: 'remoteJoined', callId });
      later(latency.connect ?? defaultLatency, () => {
        if (call.stage !== 'connecting') return;
        call.stage = 'connected';
        emit({ type: 'mediaConnected', callId });
      });
    },
    join(callId) {
      if (live(callId)?.stage === 'dialing') remote.answer(callId);
      else if (live(callId)) emit({ type: 'remoteJoined', callId });
    },
    leave(callId) {
      if (live(callId)?.stage === 'connected') emit({ type: 'remoteLeft', callId });
    },
    hangUp(callId, reason = 'hangup') {
      const call = live(callId);
      if (!call) return;
      call.stage = 'ended';
      emit({ type: 'remoteEnded', callId, reason });
    },
    setMedia(callId, media) {
      if (live(callId)) emit({ type: 'remoteMedia', callId, ...media });
    },
    dropNetwork(callId) {
      const call = live(callId);
      if (!call || call.networkDown) return;
      call.networkDown = true;
      emit({ type: 'networkLost', callId });
    },
    restoreNetwork(callId) {
      const call = live(callId);
      if (!call || !call.networkDown) return;
      call.networkDown = false;
      emit({ type: 'networkRestored', callId });
    },
    healNetwork(callId) {
      const call = live(callId);
      if (call) call.networkDown = false;
    },
    stopSharingFromBrowser(callId) {
      const call = live(callId);
      // The browser's Stop sharing bar is only there while a screen is shared.
      if (!call?.tracks.has('screen')) return;
      call.tracks.delete('screen');
      emit({ type: 'localScreenShareEnded', callId });
    },
    setDevices(devices) {
      emit({ type: 'devicesChanged', devices });
    },
    heard(callId) {
      const call = live(callId);
      return call && { held: false, muted: false, dtmf: '', ...call.heard };
    },
    emitRaw(event) {
      if (!disposed) events.next(event as AdapterEvent);
    },
    offer({ callId = `loopback-${++loopbackIds}`, remote: party = { name: 'Remote' }, media = 'audio', ...routing } = {}) {
      calls.set(callId, { direction: 'inbound', media, stage: 'ringing', networkDown: false, tracks: new Set() });
      remote.emitRaw({ type: 'offer', callId, remote: party, media, ...routing });
      return callId;
    },
    transferRinging(callId) {
      const transferId = transfers.get(callId);
      if (transferId && live(callId)) remote.emitRaw({ type: 'transferRinging', callId, transferId });
    },
    transferAnswered(callId) {
      const transferId = transfers.get(callId);
      const call = live(callId);
      if (!transferId || !call) return;
      call.stage = 'ended';
      remote.emitRaw({ type: 'transferCompleted', callId, transferId });
    },
    transferFails(callId, reason) {
      const transferId = transfers.get(callId);
      if (transferId && live(callId)) remote.emitRaw({ type: 'transferFailed', callId, transferId, reason });
    },
  };

  /** Desk methods: logged, with no capability check of their own (the engine checks transfer targets). */
  function deskCommand(name: LoopbackDeskMethod, callId: CallId, args: unknown[], apply: () => void = () => undefined): Promise<void> {
    log.push({ name, callId, at: clock.now(), args });
    if (disposed) return Promise.reject(disposedError(callId));
    return new Promise<void>((resolve, reject) => later(defaultLatency, () => {
      apply();
      resolve();
    }, () => reject(disposedError(callId))));
  }

  /** Engine-wide settings: no call needed; faults as for call commands. */
  function setting(name: LoopbackSettingMethod, args: unknown[], capable: boolean): Promise<void> {
    log.push({ name, callId: '', at: clock.now(), args });
    if (disposed) return Promise.reject(disposedError());
    if (!capable) return Promise.reject(new RinglineError('unsupported', `Loopback configured without ${name}`));
    return new Promise<void>((resolve, reject) => later(defaultLatency, () => {
      const fault = faults.get(name);
      if (!fault) return resolve();
      if (!fault.always) faults.delete(name);
      reject(fault.error ?? new RinglineError('deviceUnavailable', `Injected ${name} failure`));
    }, () => reject(disposedError())));
  }

  return {
    capabilities,
    events$: events.asObservable(),
    remote,
    log,
    openTracks(callId) {
      return [...(calls.get(callId)?.tracks ?? [])];
    },
    get disposed() {
      return disposed;
    },
    failNext(name, fault = {}) {
      faults.set(name, fault);
    },
    clearFaults() {
      faults.clear();
    },
    setLatency(name, ms) {
      latency[name] = ms;
    },
    connect(request: ConnectRequest) {
      // The far side can be reached (and our mute reaches the call) from the moment we dial.
      if (request.direction === 'outbound' && !disposed && !calls.has(request.callId)) {
        calls.set(request.callId, { direction: 'outbound', media: request.media, stage: 'dialing', networkDown: false, tracks: new Set() });
      }
      return command('connect', request.callId, [request], () => {
        const existing = live(request.callId);
        // The microphone (and the camera, for video) open with the connection, as getUserMedia does.
        existing?.tracks.add('microphone');
        if (request.media === 'video') existing?.tracks.add('camera');
        if (request.direction === 'inbound') {
          if (!existing || existing.stage !== 'ringing') throw new RinglineError('unknownCall', `No ringing call ${request.callId}`);
          existing.media = request.media;
          if (existing.awaitingCustomer) {
            existing.stage = 'dialing';
            return;
          }
          existing.stage = 'connected';
          emit({ type: 'mediaConnected', callId: request.callId });
          return;
        }
        // A dial hung up before it got through did not connect, as a real adapter would say.
        if (!existing) throw new RinglineError('unknownCall', `Call ${request.callId} was hung up while dialling`);
        if (options.autoAnswerAfterMs !== undefined) later(options.autoAnswerAfterMs, () => remote.answer(request.callId));
      });
    },
    disconnect(callId, reason) {
      // A hang-up stops a dial still under way at once, as a real adapter stops ringing out: the dial then fails.
      const dialling = calls.get(callId);
      if (dialling?.direction === 'outbound' && dialling.stage === 'dialing' && !disposed) dialling.stage = 'ended';
      // Also a call the far side already ended: its local streams are still open until we disconnect.
      return command('disconnect', callId, [reason], () => {
        const call = calls.get(callId);
        if (!call) return;
        call.stage = 'ended';
        call.tracks.clear();
      });
    },
    setMuted: (callId, muted) => command('setMuted', callId, [muted], (call) => hear(call, { muted })),
    setCamera: (callId, on) => command('setCamera', callId, [on], (call) => {
      if (on) call?.tracks.add('camera');
      else call?.tracks.delete('camera');
    }),
    startScreenShare: (callId) => command('startScreenShare', callId, [], (call) => call?.tracks.add('screen')),
    stopScreenShare: (callId) => command('stopScreenShare', callId, [], (call) => call?.tracks.delete('screen')),
    hold: (callId) => command('hold', callId, [], (call) => hear(call, { held: true })),
    resume: (callId) => command('resume', callId, [], (call) => hear(call, { held: false })),
    sendDtmf: (callId, digits) => command('sendDtmf', callId, [digits], (call) => hear(call, { dtmf: `${call?.heard?.dtmf ?? ''}${digits}` })),
    reconnect: (callId, attempt) => command('reconnect', callId, [attempt], (call) => {
      if (call) call.networkDown = false;
    }),
    ringCallback(callId, number) {
      // Known at once, like a platform's call to the agent: the agent may answer within the same instant.
      if (!disposed && !calls.has(callId)) calls.set(callId, { direction: 'inbound', media: 'audio', stage: 'ringing', networkDown: false, tracks: new Set() });
      return deskCommand('ringCallback', callId, [number]);
    },
    dialCallback(callId, number) {
      const call = live(callId);
      if (call) call.awaitingCustomer = true;
      return deskCommand('dialCallback', callId, [number]);
    },
    refuseOffer: (callId, reason) => deskCommand('refuseOffer', callId, [reason], () => {
      const call = calls.get(callId);
      if (call) call.stage = 'ended';
    }),
    setHoldAudio: (callId, audio) => deskCommand('setHoldAudio', callId, [audio]),
    transfer: (callId, transferId, target) => {
      transfers.set(callId, transferId);
      return deskCommand('transfer', callId, [transferId, target]);
    },
    cancelTransfer: (callId, transferId) => deskCommand('cancelTransfer', callId, [transferId]),
    stopRecording: (callId) => deskCommand('stopRecording', callId, []),
    selectDevice: (kind, deviceId) => setting('selectDevice', [kind, deviceId], capabilities.deviceSelection === true),
    setVolume: (volume) => setting('setVolume', [volume], capabilities.deviceSelection === true),
    setVideoEffect: (effect) => setting('setVideoEffect', [effect], effect.kind === 'none' || capabilities.videoEffects?.includes(effect.kind) === true),
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const abandoned of abandon) abandoned();
      abandon.clear();
      for (const call of calls.values()) {
        call.stage = 'ended';
        call.tracks.clear();
      }
      events.complete();
    },
  };
}
