// The MediaAdapter over simple-peer: calls reach the other side through
// per-call rooms on a signaling server, media flows browser to browser.
import { Subject, type Observable } from 'rxjs';
import {
  adapterEventParsers, isDtmf, RinglineError,
  type AdapterCapabilities, type AdapterEvent, type CallId, type ConnectRequest, type DeviceKind, type EndReason,
  type MediaAdapter, type MediaPreferences, type RemoteParty, type VideoEffect, type VideoEffectKind,
} from '@ringline/core';
import { CallSession, type SessionContext } from './callSession.js';
import { createElementAudioOutput, createSilentAudioOutput, type AudioOutput } from './media/audioOutput.js';
import { createWebAudioHoldTrack, type HoldAudio, type HoldTrackFactory } from './media/holdAudio.js';
import { defaultMediaDevices, getCamera, getMicrophone, getScreen, listDevices, type MediaDevicesLike } from './media/localMedia.js';
import type { VideoProcessor } from './media/videoEffects.js';
import type { WrtcLike } from './peer.js';
import { SignalingError } from './signaling/errors.js';
import type { Party, ServerMessage } from './signaling/messages.js';
import type { SignalingPort } from './signaling/port.js';

/** Where an outbound call rings: its room on the signaling server and a token that opens it. */
export interface CallRoom {
  room: string;
  token: string;
}

export interface P2PAdapterOptions {
  signaling: SignalingPort;
  /** How this side appears to the far side (name, avatar). */
  self?: RemoteParty;
  /** The room and token for a call this side places. Typically from the app's backend or a call link. */
  roomForCall?(request: ConnectRequest): CallRoom | Promise<CallRoom>;
  /** ICE servers and the rest; keep `iceServers: []` for loopback-only traffic. */
  rtcConfig?: RTCConfiguration;
  /** Node only: `@roamhq/wrtc`. Browsers use their own WebRTC. */
  wrtc?: WrtcLike;
  /** Defaults to `navigator.mediaDevices`. */
  mediaDevices?: MediaDevicesLike;
  /** Where remote audio plays; defaults to hidden <audio> elements in a browser, nothing in Node. */
  audioOutput?: AudioOutput;
  /** Makes the hold music/announcement track; defaults to Web Audio in a browser. */
  holdTrack?: HoldTrackFactory;
  /** Background effects (003); without one only `none` is offered. */
  videoProcessor?: VideoProcessor;
  /** Preferences until the engine's first connect says otherwise. */
  preferences?: Partial<MediaPreferences>;
  /**
   * Per command waits. `callerGoneMs`: how long a ringing call waits for a
   * caller whose signaling dropped to come back before it ends as canceled
   * (a caller who hangs up says so at once).
   */
  timeouts?: { joinMs?: number; ackMs?: number; reconnectAttemptMs?: number; callerGoneMs?: number; leftAfterMs?: number };
  /**
   * @internal For the adapter's own contract tests only, not a public API: runs
   * before each command, and a throw fails that command the way a real
   * failure would (a rejected promise, the call untouched).
   */
  unstable_faultHook?(command: string, callId: CallId | undefined): void;
}

export interface CallStreams {
  callId: CallId;
  /** What this side sends (camera after its effect, or the shared screen); for the self view. */
  local: MediaStream | undefined;
  /** What the far side sends; render its video muted, the adapter plays its audio. */
  remote: MediaStream | undefined;
}

export interface P2PAdapter extends MediaAdapter {
  /** Join a call's room (e.g. from an opened call link) to be rung there; `incoming` follows when the caller rings. */
  watchRoom(room: CallRoom): Promise<void>;
  /** Stops waiting in a room that has no call yet. */
  unwatchRoom(room: string): void;
  /** Local and remote streams per call, each time either changes. */
  readonly streams$: Observable<CallStreams>;
  getStreams(callId: CallId): CallStreams;
  /** Dial-pad digits the far side sent (001's dial pad, for an IVR or an agent). */
  readonly dtmf$: Observable<{ callId: CallId; digits: string }>;
  /** Signaling and data-channel messages that were dropped, and server refusals. */
  readonly protocolErrors$: Observable<SignalingError>;
  /** The engine's hold music or announcement for a held call (desk `DeskAdapter`). */
  setHoldAudio(callId: CallId, audio: HoldAudio | null): Promise<void>;
}

const wireReason: Record<EndReason, 'hangup' | 'declined' | 'busy' | 'canceled' | 'noAnswer' | 'answeredElsewhere' | 'failed' | 'transferred'> = {
  completed: 'hangup', declined: 'declined', missed: 'noAnswer', noAnswer: 'noAnswer', canceled: 'canceled',
  answeredElsewhere: 'answeredElsewhere', transferred: 'transferred', failed: 'failed', busy: 'busy', dropped: 'failed',
};

interface RoomEntry {
  token: string;
  joined: boolean;
  /** Joined again on a reopened connection, its answer not in yet: that answer redoes what the old connection lost, once. */
  rejoining?: boolean;
  /**
   * Left while the signaling connection was down: the leave (and the call's
   * bye) wait in the client's queue, and would reach the server from a
   * connection that is not in the room. The reopened connection joins first.
   */
  leaving?: boolean;
  /** A rejoin the server refused as full (our dead connection still holds the place, until its heartbeat closes it): asked again. */
  rejoinRetry?: { attempt: number; timer: ReturnType<typeof setTimeout> };
  /** The join on its way to the server; everyone who asks for the room meanwhile waits on the same promise. */
  pending?: { promise: Promise<void>; settle(error?: unknown): void; timer: ReturnType<typeof setTimeout> };
}

const inBrowser = () => typeof document !== 'undefined' && typeof Audio !== 'undefined';

/** One pending timer per room: a far side given a moment to come back before it counts as gone. */
function roomTimers() {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const stop = (room: string) => {
    clearTimeout(timers.get(room));
    timers.delete(room);
  };
  return {
    has: (room: string) => timers.has(room),
    start(room: string, ms: number, run: () => void): void {
      timers.set(room, setTimeout(() => {
        timers.delete(room);
        run();
      }, ms));
    },
    stop,
    stopAll: () => [...timers.keys()].forEach(stop),
  };
}

export function createP2PAdapter(options: P2PAdapterOptions): P2PAdapter {
  const { signaling } = options;
  const mediaDevices = options.mediaDevices ?? defaultMediaDevices();
  const audioOutput = options.audioOutput ?? (inBrowser() ? createElementAudioOutput() : createSilentAudioOutput());
  const holdTrack = options.holdTrack ?? (typeof AudioContext !== 'undefined' ? createWebAudioHoldTrack : undefined);
  const MediaStreamCtor = (options.wrtc as { MediaStream?: typeof MediaStream } | undefined)?.MediaStream ?? globalThis.MediaStream;
  const joinMs = options.timeouts?.joinMs ?? 10_000;
  const callerGoneMs = options.timeouts?.callerGoneMs ?? 10_000;
  /**
   * A far side whose connection closed cleanly has this long to be back in the
   * room before it counts as gone (004's "left"): a proxy going away or a
   * signaling blip closes cleanly too, and reopens at once.
   */
  const leftAfterMs = options.timeouts?.leftAfterMs ?? 2_000;
  const farSideLeaving = roomTimers();
  /** The far side is in the room (it joined again, or our rejoin found it there): a leave it seemed to make is off, and what was lost is redone. */
  const farSideInRoom = (room: string, session: CallSession | undefined) => {
    farSideLeaving.stop(room);
    session?.farSideBack();
    session?.signalingResumed();
  };
  const self: Party = { ...options.self };
  const capabilities: AdapterCapabilities = Object.freeze({
    hold: true,
    dtmf: true,
    video: true,
    screenShare: typeof mediaDevices?.getDisplayMedia === 'function',
    earlyMedia: false,
    recording: false,
    transferTargets: Object.freeze([]) as AdapterCapabilities['transferTargets'],
    deviceSelection: true,
    videoEffects: Object.freeze<VideoEffectKind[]>(['none', ...(options.videoProcessor?.effects ?? [])]),
  });
  let preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' }, ...options.preferences };
  audioOutput.setVolume(preferences.volume);

  const events = new Subject<AdapterEvent>();
  const streams = new Subject<CallStreams>();
  const dtmf = new Subject<{ callId: CallId; digits: string }>();
  const protocolErrors = new Subject<SignalingError>();
  const sessions = new Map<CallId, CallSession>();
  const byRoom = new Map<string, CallSession>();
  /** Ringing calls whose caller's signaling dropped, by room: ended as canceled unless the caller is back in time. */
  const callerGone = roomTimers();
  /** Set when the signaling client reports its connection closed, cleared when it reopens. */
  let signalingDown = false;
  /** Outbound calls whose room is still being made (`roomForCall`): a hang-up or dispose meanwhile cancels them. */
  const placing = new Set<CallId>();
  /** Inbound calls whose Accept is getting the microphone: a second Accept is refused, not answered twice. */
  const answering = new WeakSet<CallSession>();
  const rooms = new Map<string, RoomEntry>();
  let disposed = false;

  const emit = (event: AdapterEvent) => {
    if (!disposed) events.next(event);
  };
  const report = (code: SignalingError['code'], message: string, room?: string) => {
    if (!disposed) protocolErrors.next(new SignalingError(code, message, room));
  };
  const streamsOf = (session: CallSession): CallStreams => ({ callId: session.callId, local: session.local, remote: session.remote });

  function sessionContext(room: string, callId: CallId): SessionContext {
    return {
      emit,
      sendSignal: (generation, data) => signaling.send({ type: 'signal', room, generation, data }),
      requestRestart: () => signaling.send({ type: 'restart', room }),
      peerOptions: { config: options.rtcConfig ?? {}, ...(options.wrtc ? { wrtc: options.wrtc } : {}) },
      holdTrack,
      videoProcessor: options.videoProcessor,
      onRemoteStream: (stream) => {
        const session = sessions.get(callId);
        if (stream) audioOutput.play(callId, stream);
        else audioOutput.stop(callId);
        if (session && !disposed) streams.next(streamsOf(session));
      },
      onLocalStream: () => {
        const session = sessions.get(callId);
        if (session && !disposed) streams.next(streamsOf(session));
      },
      onDtmf: (digits) => {
        if (!disposed) dtmf.next({ callId, digits });
      },
      onProtocolError: (code, message) => report(code, message, room),
      ackTimeoutMs: options.timeouts?.ackMs ?? 5_000,
      reconnectAttemptMs: options.timeouts?.reconnectAttemptMs ?? 5_000,
    };
  }

  function addSession(callId: CallId, room: string, initiator: boolean, media: 'audio' | 'video'): CallSession {
    const session = new CallSession({ callId, room, initiator, media }, sessionContext(room, callId), MediaStreamCtor);
    sessions.set(callId, session);
    byRoom.set(room, session);
    return session;
  }

  function endSession(session: CallSession): void {
    callerGone.stop(session.room);
    farSideLeaving.stop(session.room);
    session.end();
    sessions.delete(session.callId);
    byRoom.delete(session.room);
    leaveRoom(session.room);
  }

  // ---- rooms ---------------------------------------------------------------------------------

  function joinRoom(room: string, token: string): Promise<void> {
    if (rooms.get(room)?.leaving) rooms.delete(room); // joined anew, not rejoined on the way out
    const existing = rooms.get(room);
    if (existing?.joined) return Promise.resolve();
    if (existing?.pending) return existing.pending.promise;
    const entry: RoomEntry = { token, joined: false };
    let settle!: (error?: unknown) => void;
    const promise = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    const timer = setTimeout(() => {
      // The server may still let us in later: leave, so no member we do not know we are stays behind.
      if (rooms.get(room) === entry) {
        rooms.delete(room);
        signaling.send({ type: 'leave', room });
      }
      settleJoin(entry, new RinglineError('connectFailed', `The signaling server did not let us into room ${room} within ${joinMs} ms`));
    }, joinMs);
    entry.pending = { promise, settle, timer };
    rooms.set(room, entry);
    signaling.send({ type: 'join', room, token, party: self });
    return promise;
  }

  function settleJoin(entry: RoomEntry, error?: unknown): void {
    const pending = entry.pending;
    if (!pending) return;
    entry.pending = undefined;
    clearTimeout(pending.timer);
    pending.settle(error);
  }

  /**
   * The server still counts our old connection in the room (it died without a
   * close); its heartbeat frees the place within two pings. Asked again with
   * backoff, 1 s up to 8 s, for about a minute; false once that is spent.
   */
  function retryRejoin(room: string, entry: RoomEntry): boolean {
    const attempt = (entry.rejoinRetry?.attempt ?? 0) + 1;
    if (attempt > 10) return false;
    const timer = setTimeout(() => {
      if (!disposed && rooms.get(room) === entry && entry.rejoining) sendRejoin(room, entry);
    }, Math.min(8_000, 1_000 * 2 ** (attempt - 1)));
    entry.rejoinRetry = { attempt, timer };
    return true;
  }

  function stopRejoinRetry(entry: RoomEntry): void {
    if (entry.rejoinRetry) clearTimeout(entry.rejoinRetry.timer);
    entry.rejoinRetry = undefined;
  }

  /** A room we are in, joined again from this connection; `answered` recreates it as answered if the server lost it. */
  function sendRejoin(room: string, entry: RoomEntry): void {
    // Claimed only when the server had it: an answer it never had would make the callee's answer, sent again on the caller's ring, out of order.
    const answered = byRoom.get(room)?.answerDelivered === true;
    signaling.send({ type: 'join', room, token: entry.token, party: self, ...(answered ? { answered } : {}) });
  }

  function leaveRoom(room: string): void {
    const entry = rooms.get(room);
    if (!entry || entry.leaving) return;
    stopRejoinRetry(entry);
    if (entry.joined && signalingDown && !disposed) {
      entry.leaving = true;
      signaling.send({ type: 'leave', room });
      return;
    }
    rooms.delete(room);
    settleJoin(entry, new RinglineError('connectFailed', `Room ${room} was left before the signaling server let us in`));
    signaling.send({ type: 'leave', room });
  }

  const reopened = signaling.opened$.subscribe(() => {
    signalingDown = false;
    // A fresh connection is a new member on the server: rooms we were in are joined again.
    // A join still waiting for its answer is asked again: the old connection may have taken it along.
    for (const [room, entry] of rooms) {
      if (entry.leaving) {
        // Sent before the queue flushes: the queued bye and leave then come from a member of the room.
        signaling.send({ type: 'join', room, token: entry.token, party: self });
        rooms.delete(room);
        continue;
      }
      if (disposed) continue;
      if (!entry.joined) {
        if (entry.pending) signaling.send({ type: 'join', room, token: entry.token, party: self });
        continue;
      }
      entry.rejoining = true;
      stopRejoinRetry(entry);
      sendRejoin(room, entry);
      // The server dropped our ring with the old connection: a call still dialing rings again, for a callee who opens the link now.
      const session = byRoom.get(room);
      if (session?.stage === 'dialing') signaling.send({ type: 'ring', room, media: session.media });
    }
    // Kept past dispose only for the joins that let rooms left during an outage hear their bye.
    if (disposed) reopened.unsubscribe();
  });

  const inbound = signaling.messages$.subscribe((message) => {
    if (!disposed) route(message);
  });
  const transportErrors = signaling.errors$.subscribe((error) => {
    if (error.code === 'closed') signalingDown = true;
    if (!disposed) protocolErrors.next(error);
  });

  function route(message: ServerMessage): void {
    if (message.type === 'error') {
      const entry = message.room === undefined ? undefined : rooms.get(message.room);
      if (entry?.pending && !entry.joined) {
        rooms.delete(message.room!);
        settleJoin(entry, new RinglineError('connectFailed', `The signaling server refused room ${message.room}: ${message.message}`));
        return;
      }
      if (entry?.rejoining && message.code === 'roomFull' && retryRejoin(message.room!, entry)) return;
      const session = entry?.rejoining && message.code === 'roomEnded' ? byRoom.get(message.room!) : undefined;
      if (session) {
        // The far side hung up while this side's signaling was down: the call ends here too, not reconnecting for good.
        rooms.delete(session.room);
        emit({ type: 'remoteEnded', callId: session.callId, reason: session.stage === 'ringing' || session.stage === 'dialing' ? 'canceled' : 'hangup' });
        endSession(session);
        return;
      }
      report(message.code, message.message, message.room);
      return;
    }
    const { room } = message;
    const session = byRoom.get(room);
    const outOfOrder = () => report('outOfOrder', `A ${message.type} message for room ${room} does not fit the call's state (${session?.stage ?? 'no call'})`, room);
    switch (message.type) {
      case 'joined': {
        const entry = rooms.get(room);
        if (!entry) return;
        // A second answer to the same join (the server answers every join) redoes nothing.
        const rejoined = entry.rejoining === true;
        entry.rejoining = false;
        stopRejoinRetry(entry);
        entry.joined = true;
        settleJoin(entry);
        // Back on a reopened connection with the far side there: what the old one may have lost is redone,
        // and a far side that left and came back meanwhile is back.
        if (rejoined && message.others.length > 0) farSideInRoom(room, session);
        return;
      }
      case 'peerJoined':
        // The far side came back (a reload, a new socket): its lost signals are redone, a lost call restarts.
        callerGone.stop(room);
        farSideInRoom(room, session);
        return;
      case 'peerLeft':
        if (message.how === 'left' && session && !farSideLeaving.has(room)) farSideLeaving.start(room, leftAfterMs, () => session.farSideGone());
        // A caller who hangs up sends bye; one who only left may be on a new socket in a moment, ringing again.
        if (session?.stage === 'ringing' && !callerGone.has(room)) {
          callerGone.start(room, callerGoneMs, () => {
            if (!session.live || session.stage !== 'ringing') return;
            emit({ type: 'remoteEnded', callId: session.callId, reason: 'canceled' });
            endSession(session);
          });
        }
        return;
      case 'ring': {
        // The caller rings again from a new socket: this call already rings, or was answered while the
        // caller was away (the server had dropped the ring with them, and the answer), and the answer goes again.
        if (session && !session.initiator && (session.stage === 'ringing' || session.stage === 'connecting')) {
          if (session.stage === 'connecting') signaling.send({ type: 'answer', room, media: session.media });
          return;
        }
        if (session || !rooms.has(room)) return outOfOrder();
        addSession(room, room, false, message.media);
        emit({ type: 'incoming', callId: room, remote: { ...message.from }, media: message.media });
        return;
      }
      case 'answer':
        if (!session?.initiator || session.stage !== 'dialing') return outOfOrder();
        emit({ type: 'remoteJoined', callId: session.callId });
        session.answered();
        return;
      case 'bye':
        if (!session) return outOfOrder();
        emit({ type: 'remoteEnded', callId: session.callId, reason: message.reason });
        endSession(session);
        return;
      case 'signal':
        if (!session || session.stage === 'ringing' || session.stage === 'dialing') return outOfOrder();
        session.receiveSignal(message.generation, message.data);
        return;
      case 'restart':
        if (!session?.initiator || session.stage === 'dialing') return outOfOrder();
        session.restart();
        return;
    }
  }

  // ---- commands ------------------------------------------------------------------------------

  function refuseIfDisposed(callId?: CallId): void {
    if (disposed) throw new RinglineError('disposed', 'The p2p adapter is disposed', callId ? { callId } : {});
  }

  function liveSession(callId: CallId): CallSession {
    refuseIfDisposed(callId);
    const session = sessions.get(callId);
    if (!session?.live) throw new RinglineError('unknownCall', `No live p2p call ${callId}`, { callId });
    return session;
  }

  /** Commands run as async functions so that every refusal is a rejected promise, never a throw. */
  const command = <A extends unknown[]>(name: string, run: (...args: A) => Promise<void> | void) =>
    async (...args: A): Promise<void> => {
      if (options.unstable_faultHook) {
        const callId = typeof args[0] === 'string' ? args[0] : undefined;
        try {
          options.unstable_faultHook(name, callId);
        } catch (thrown) {
          throw new RinglineError('commandFailed', `${name} failed: ${String((thrown as Error)?.message ?? thrown)}`, { cause: thrown, ...(callId ? { callId } : {}) });
        }
      }
      await run(...args);
    };

  async function startMedia(session: CallSession, prefs: MediaPreferences): Promise<void> {
    const microphone = await getMicrophone(mediaDevices, prefs.microphoneId, session.callId);
    if (!session.live) return microphone.stop();
    session.setMicrophone(microphone);
    if (session.media === 'video') {
      const camera = await getCamera(mediaDevices, prefs.cameraId, session.callId);
      if (!session.live) return camera.stop();
      await session.setCameraTrack(camera, prefs.videoEffect);
    }
    void announceDevices();
  }

  /**
   * The integrator's room for an outbound call. A hang-up or a dispose while it
   * is being made cancels the call: nothing is joined, rung or opened after.
   */
  async function roomFor(request: ConnectRequest, roomForCall: NonNullable<P2PAdapterOptions['roomForCall']>): Promise<CallRoom> {
    const { callId } = request;
    placing.add(callId);
    let room: CallRoom;
    try {
      room = await roomForCall(request);
    } catch (thrown) {
      throw thrown instanceof RinglineError ? thrown : new RinglineError('connectFailed', `No room for call ${callId}: ${String((thrown as Error)?.message ?? thrown)}`, { cause: thrown, callId });
    } finally {
      const canceled = !placing.delete(callId);
      refuseIfDisposed(callId);
      if (canceled) throw new RinglineError('unknownCall', `Call ${callId} was hung up while its room was being made`, { callId });
    }
    return room;
  }

  async function connect(request: ConnectRequest): Promise<void> {
    refuseIfDisposed(request.callId);
    // The engine keeps the user's choices (003) and hands them to every call.
    if (request.preferences) preferences = { ...request.preferences };
    if (request.direction === 'inbound') {
      const session = sessions.get(request.callId);
      if (!session || session.stage !== 'ringing') throw new RinglineError('unknownCall', `No ringing p2p call ${request.callId}`, { callId: request.callId });
      // A double-clicked Accept: one microphone, one answer.
      if (answering.has(session)) throw new RinglineError('invalidState', `Call ${request.callId} is already being answered`, { callId: request.callId });
      answering.add(session);
      session.media = request.media;
      try {
        await startMedia(session, preferences);
      } catch (thrown) {
        // The caller hears the call failed (a denied microphone, say) instead of ringing on with nobody there.
        if (session.live) signaling.send({ type: 'bye', room: session.room, reason: 'failed' });
        endSession(session);
        throw thrown;
      } finally {
        answering.delete(session);
      }
      if (!session.live) throw new RinglineError('unknownCall', `Call ${request.callId} ended while answering`, { callId: request.callId });
      signaling.send({ type: 'answer', room: session.room, media: request.media });
      session.answered();
      return;
    }
    if (sessions.has(request.callId)) throw new RinglineError('invalidState', `Call ${request.callId} is already placed`, { callId: request.callId });
    if (!options.roomForCall) throw new RinglineError('unsupported', 'This adapter places no calls: pass roomForCall', { callId: request.callId });
    const { room, token } = await roomFor(request, options.roomForCall);
    if (byRoom.has(room)) throw new RinglineError('invalidState', `Room ${room} already carries a call`, { callId: request.callId });
    const session = addSession(request.callId, room, true, request.media);
    try {
      await Promise.all([joinRoom(room, token), startMedia(session, preferences)]);
    } catch (thrown) {
      endSession(session);
      throw thrown instanceof RinglineError ? new RinglineError(thrown.code, thrown.message, { cause: thrown, callId: request.callId, ...(thrown.device ? { device: thrown.device } : {}) }) : thrown;
    }
    if (!session.live) return;
    signaling.send({ type: 'ring', room, media: request.media });
  }

  async function selectDevice(kind: DeviceKind, deviceId: string | undefined): Promise<void> {
    refuseIfDisposed();
    const key = kind === 'microphone' ? 'microphoneId' : kind === 'camera' ? 'cameraId' : 'speakerId';
    if (kind === 'speaker') await audioOutput.setSpeaker(deviceId);
    for (const session of sessions.values()) {
      if (!session.live || session.stage === 'ringing') continue;
      if (kind === 'microphone') session.setMicrophone(await getMicrophone(mediaDevices, deviceId, session.callId));
      if (kind === 'camera' && session.cameraOn) await session.setCameraTrack(await getCamera(mediaDevices, deviceId, session.callId), preferences.videoEffect);
    }
    preferences = { ...preferences, [key]: deviceId };
  }

  async function setVideoEffect(effect: VideoEffect): Promise<void> {
    refuseIfDisposed();
    if (!capabilities.videoEffects?.includes(effect.kind)) {
      throw new RinglineError('unsupported', `The ${effect.kind} background effect needs a video processor that offers it`);
    }
    for (const session of sessions.values()) if (session.live) await session.applyEffect(effect);
    preferences = { ...preferences, videoEffect: effect };
  }

  async function announceDevices(): Promise<void> {
    // Only once core understands the event: an adapter must never emit what the engine would reject.
    if (!('devicesChanged' in adapterEventParsers)) return;
    try {
      const devices = await listDevices(mediaDevices);
      emit({ type: 'devicesChanged', devices } as AdapterEvent);
    } catch {
      // enumerateDevices failing leaves the last list in place
    }
  }
  const onDeviceChange = () => void announceDevices();
  mediaDevices?.addEventListener?.('devicechange', onDeviceChange);
  void announceDevices();

  return {
    capabilities,
    events$: events.asObservable(),
    streams$: streams.asObservable(),
    dtmf$: dtmf.asObservable(),
    protocolErrors$: protocolErrors.asObservable(),
    getStreams(callId) {
      const session = sessions.get(callId);
      return session ? streamsOf(session) : { callId, local: undefined, remote: undefined };
    },
    watchRoom: command('watchRoom', ({ room, token }: CallRoom) => {
      refuseIfDisposed();
      return joinRoom(room, token);
    }),
    unwatchRoom(room) {
      if (!byRoom.has(room)) leaveRoom(room);
    },
    connect: command('connect', connect),
    disconnect: command('disconnect', (callId: CallId, reason: EndReason) => {
      refuseIfDisposed(callId);
      const session = sessions.get(callId);
      if (!session) {
        placing.delete(callId);
        return;
      }
      signaling.send({ type: 'bye', room: session.room, reason: wireReason[reason] ?? 'hangup' });
      endSession(session);
    }),
    setMuted: command('setMuted', (callId: CallId, muted: boolean) => liveSession(callId).setMuted(muted)),
    setCamera: command('setCamera', async (callId: CallId, on: boolean) => {
      const session = liveSession(callId);
      if (on === session.cameraOn) return;
      const camera = on ? await getCamera(mediaDevices, preferences.cameraId, callId) : undefined;
      if (!session.live) return camera?.stop();
      await session.setCameraTrack(camera, preferences.videoEffect);
    }),
    startScreenShare: command('startScreenShare', async (callId: CallId) => {
      const session = liveSession(callId);
      if (session.sharing) return;
      const screen = await getScreen(mediaDevices, callId);
      if (!session.live) return screen.stop();
      session.setScreen(screen);
    }),
    stopScreenShare: command('stopScreenShare', (callId: CallId) => liveSession(callId).setScreen(undefined)),
    hold: command('hold', (callId: CallId) => liveSession(callId).hold()),
    resume: command('resume', (callId: CallId) => liveSession(callId).resume()),
    sendDtmf: command('sendDtmf', (callId: CallId, digits: string) => {
      const session = liveSession(callId);
      if (!isDtmf(digits)) throw new RinglineError('invalidDtmf', `Not dial-pad digits: ${JSON.stringify(digits)}`, { callId });
      session.sendDtmf(digits);
    }),
    reconnect: command('reconnect', (callId: CallId) => liveSession(callId).reconnect()),
    setHoldAudio: command('setHoldAudio', (callId: CallId, audio: HoldAudio | null) => liveSession(callId).setHoldAudio(audio)),
    selectDevice: command('selectDevice', selectDevice),
    setVolume: command('setVolume', (volume: number) => {
      refuseIfDisposed();
      if (!(volume >= 0 && volume <= 1)) throw new RinglineError('invalidInput', `Volume ${volume} is outside 0..1`);
      audioOutput.setVolume(volume);
      preferences = { ...preferences, volume };
    }),
    setVideoEffect: command('setVideoEffect', setVideoEffect),
    dispose() {
      if (disposed) return;
      callerGone.stopAll();
      for (const session of [...sessions.values()]) {
        signaling.send({ type: 'bye', room: session.room, reason: 'hangup' });
        endSession(session);
      }
      for (const room of [...rooms.keys()]) leaveRoom(room);
      disposed = true;
      mediaDevices?.removeEventListener?.('devicechange', onDeviceChange);
      // Rooms left during an outage still need the reopen's join before their queued bye and leave.
      if (![...rooms.values()].some((entry) => entry.leaving)) reopened.unsubscribe();
      inbound.unsubscribe();
      transportErrors.unsubscribe();
      events.complete();
      streams.complete();
      dtmf.complete();
      protocolErrors.complete();
    },
  };
}
