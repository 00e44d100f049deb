// A call's life from offer or dial to its one terminal outcome: ringing with a
// deadline, accept / decline / cancel, answer, media connected, hang-up, and
// what ending leaves behind (history, the missed-call screen, stopped streams).
import { maxDurationMs, type EngineConfig } from '../config.js';
import type { AdapterEvent, CommandInput, Effect, RemoteEndReason } from '../events.js';
import type {
  Call, EndReason, EndedBy, EngineState, ErrorInfo, HistoryEntry, MediaKind, MissedCall, RemoteParty,
} from '../model.js';
import { getCall } from '../selectors.js';
import { changedLocal } from './media.js';
import { parseRemoteParty } from '../adapterEvents.js';
import { parse } from '../validate.js';
import {
  changedCall, liveCallOtherThan, noEffects, prepend, reconnectTimersCancelled, reject, timeline, unchanged, unknownCall, withCall, withLists, withoutCall,
  wrongPhase, type Transition,
} from './transition.js';

type At<T> = T & { at: number };

// State is never mutated, so every new call can share these starting values.
const notHeld: Call['hold'] = Object.freeze({ status: 'off', heldMs: 0 });
const cameraOff: Call['local'] = Object.freeze({ muted: false, camera: 'off', screenShare: 'off', cameraRequest: 0, screenShareRequest: 0, muteRequest: 0 });
const cameraOn: Call['local'] = Object.freeze({ muted: false, camera: 'on', screenShare: 'off', cameraRequest: 0, screenShareRequest: 0, muteRequest: 0 });
const remoteWaiting: Call['remoteMedia'] = Object.freeze({ presence: 'waiting', camera: false, screenShare: false, muted: false, held: false });
const noDtmf: Call['dtmf'] = Object.freeze([]) as unknown as Call['dtmf'];

/** What every field of a new call starts from: calls are built from one literal (`changedCall`), whatever path they take. */
const blankCall: Call = Object.freeze({
  id: '', direction: 'inbound', media: 'audio', remote: {}, phase: 'ringing', startedAt: 0, earlyMedia: false, hold: notHeld,
  local: cameraOff, remoteMedia: remoteWaiting, dtmf: noDtmf,
}) as Call;

function newCall(id: string, direction: Call['direction'], media: MediaKind, remote: RemoteParty, at: number, ringDeadline: number, recallOf?: string): Call {
  return changedCall(blankCall, {
    id,
    direction,
    media,
    remote,
    phase: direction === 'inbound' ? 'ringing' : 'calling',
    startedAt: at,
    ringDeadline,
    local: media === 'video' ? cameraOn : cameraOff,
    recallOf,
  });
}

/** The far side is present; a literal for the same reason as `changedLocal`. */
function joined(remote: Call['remoteMedia']): Call['remoteMedia'] {
  return { presence: 'joined', camera: remote.camera, screenShare: remote.screenShare, muted: remote.muted, held: remote.held === true };
}

function knownId(state: EngineState, callId: string): boolean {
  return getCall(state, callId) !== undefined || state.history.some((entry) => entry.id === callId);
}

export function incoming(state: EngineState, event: At<Extract<AdapterEvent, { type: 'incoming' }>>, config: EngineConfig): Transition {
  if (typeof event.remote !== 'object' || event.remote === null || (event.media !== 'audio' && event.media !== 'video')) {
    return reject(state, 'invalidInput', 'An incoming call needs a remote party and a media kind');
  }
  if (event.ringTimeoutMs !== undefined && !validTimeout(event.ringTimeoutMs)) {
    return reject(state, 'invalidInput', `ringTimeoutMs must be a whole number of ms from 1 to ${maxDurationMs}, got ${event.ringTimeoutMs}`);
  }
  if (knownId(state, event.callId)) return reject(state, 'invalidInput', `Duplicate call id ${event.callId}`, event.callId);
  const { at } = event;
  // A video offer on a connection without video rings as what can be answered: audio, no camera.
  const media = event.media === 'video' && !config.capabilities.video ? 'audio' : event.media;
  const call = newCall(event.callId, 'inbound', media, event.remote, at, at + (event.ringTimeoutMs ?? config.ringTimeoutMs));
  // One call at a time: an offer never rings over a live call.
  if (liveCallOtherThan(state, undefined)) return endCall(state, call, 'busy', 'system', at, config, [notice('callStarted', call, at)]);
  return {
    state: withCall(state, call),
    effects: [
      { type: 'startTimer', timer: 'ring', callId: call.id, at: call.ringDeadline! },
      timeline(at, call.id, 'ringing', call.remote.name ?? call.remote.number),
      notice('callStarted', call, at),
    ],
  };
}

export function placeCall(
  state: EngineState,
  event: At<Extract<CommandInput, { type: 'placeCall' }>> & { callId: string },
  config: EngineConfig,
  recallOf?: string,
): Transition {
  const invalid = invalidPlaceCall(event, recallOf !== undefined);
  if (invalid) return reject(state, invalid.code, invalid.message);
  // A copy with only the known fields: the caller's object stays the caller's, and no function or stray key gets into state.
  const to = parse(parseRemoteParty, event.to);
  if (!to.ok) return reject(state, 'invalidInput', `Invalid \`to\` party (${to.problem})`);
  if (knownId(state, event.callId)) return reject(state, 'invalidInput', `Duplicate call id ${event.callId}`, event.callId);
  const busyWith = liveCallOtherThan(state, undefined);
  if (busyWith) return reject(state, 'busy', `Call ${busyWith.id} is still live`, busyWith.id);
  if (event.media === 'video' && !config.capabilities.video) return reject(state, 'unsupported', 'This adapter has no video');
  const { at } = event;
  const call = newCall(event.callId, 'outbound', event.media, to.value, at, at + (event.ringTimeoutMs ?? config.outboundRingTimeoutMs), recallOf);
  const { state: cleared, effects } = endRingingOffers(state, call.id, at, config);
  return {
    state: withCall(cleared, call),
    effects: [
      ...effects,
      { type: 'adapter', command: { name: 'connect', callId: call.id, direction: 'outbound', media: call.media, remote: call.remote } },
      { type: 'startTimer', timer: 'ring', callId: call.id, at: call.ringDeadline! },
      timeline(at, call.id, 'calling', call.remote.name ?? call.remote.number),
      notice('callStarted', call, at),
    ],
  };
}

const e164 = /^\+[1-9][0-9]{1,14}$/;


function validTimeout(ms: unknown): boolean {
  return Number.isInteger(ms) && (ms as number) > 0 && (ms as number) <= maxDurationMs;
}

export function isE164(number: string): boolean {
  return e164.test(number);
}

/**
 * UI input can come from plain JavaScript: check what the types promise. A
 * recalled party is the one the adapter reported (a SIP extension, say), not
 * typed input: it is called back as reported.
 */
function invalidPlaceCall(event: Extract<CommandInput, { type: 'placeCall' }>, recalled: boolean): { code: 'invalidInput' | 'invalidNumber'; message: string } | undefined {
  // The adapter's events name a call in at most 256 characters: a longer id could never be answered.
  if (typeof event.callId !== 'string' || event.callId.length === 0 || event.callId.length > 256) return { code: 'invalidInput', message: 'placeCall needs a callId of 1 to 256 characters' };
  if (event.media !== 'audio' && event.media !== 'video') return { code: 'invalidInput', message: `media must be audio or video, got ${JSON.stringify(event.media)}` };
  if (typeof event.to !== 'object' || event.to === null) return { code: 'invalidInput', message: 'placeCall needs a `to` party' };
  if (!recalled && event.to.number !== undefined && !isE164(event.to.number)) return { code: 'invalidNumber', message: `${JSON.stringify(event.to.number)} is not an E.164 number` };
  if (event.ringTimeoutMs !== undefined && !validTimeout(event.ringTimeoutMs)) {
    return { code: 'invalidInput', message: `ringTimeoutMs must be a whole number of ms from 1 to ${maxDurationMs}, got ${event.ringTimeoutMs}` };
  }
  return undefined;
}

export function accept(state: EngineState, event: At<Extract<CommandInput, { type: 'accept' }>>, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.phase !== 'ringing') return wrongPhase(state, call, 'accept');
  if (event.media !== undefined && event.media !== 'audio' && event.media !== 'video') {
    return reject(state, 'invalidInput', `media must be audio or video, got ${JSON.stringify(event.media)}`, call.id);
  }
  const busyWith = liveCallOtherThan(state, call.id);
  if (busyWith) return reject(state, 'busy', `Call ${busyWith.id} is still live`, call.id);
  // Accepting a video offer as audio only is allowed; the reverse is not.
  if (event.media === 'video' && call.media === 'audio') return reject(state, 'invalidInput', 'An audio call cannot be accepted as video; turn the camera on once connected', call.id);
  const media: MediaKind = event.media === 'audio' ? 'audio' : call.media;
  const next: Call = changedCall(call, {
    phase: 'connecting',
    media,
    answeredAt: event.at,
    ringDeadline: undefined,
    connectDeadline: event.at + config.connectTimeoutMs,
    local: media === call.media ? call.local : changedLocal(call.local, { camera: 'off' }),
    remoteMedia: joined(call.remoteMedia),
  });
  const { state: cleared, effects } = endRingingOffers(state, call.id, event.at, config);
  return {
    state: withCall(cleared, next),
    effects: [
      ...effects,
      { type: 'cancelTimer', timer: 'ring', callId: call.id },
      { type: 'startTimer', timer: 'connect', callId: call.id, at: next.connectDeadline! },
      { type: 'adapter', command: { name: 'connect', callId: call.id, direction: 'inbound', media, remote: call.remote } },
      timeline(event.at, call.id, 'accepted'),
    ],
  };
}

/**
 * One call at a time: once a call goes live, other offers stop ringing. They
 * were seen and heard, so they are missed calls with Recall, not silent busies.
 */
function endRingingOffers(state: EngineState, keepId: string, at: number, config: EngineConfig): Transition {
  const offers = state.calls.filter((other) => other.id !== keepId && other.phase === 'ringing');
  return offers.length === 0 ? unchanged(state) : endEach(state, offers, () => 'missed', at, config);
}

/** Ends several calls in turn, as the system; `reason` picks each one's outcome. */
/** Ends each call, by the system; `error`, when given, is what each one's history entry says went wrong. */
export function endEach(state: EngineState, calls: readonly Call[], reason: (call: Call) => EndReason, at: number, config: EngineConfig, error?: ErrorInfo): Transition {
  let current = state;
  const effects: Effect[] = [];
  for (const call of calls) {
    const ended = endCall(current, call, reason(call), 'system', at, config, [], error && { ...error, callId: call.id });
    current = ended.state;
    effects.push(...ended.effects);
  }
  return { state: current, effects };
}

export function decline(state: EngineState, event: At<Extract<CommandInput, { type: 'decline' }>>, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.phase !== 'ringing') return wrongPhase(state, call, 'decline');
  return endCall(state, call, 'declined', 'local', event.at, config);
}

export function hangUp(state: EngineState, event: At<Extract<CommandInput, { type: 'hangUp' }>>, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.phase === 'ringing') return decline(state, { type: 'decline', callId: call.id, at: event.at }, config);
  return endCall(state, call, call.connectedAt === undefined ? 'canceled' : 'completed', 'local', event.at, config);
}

export function earlyMedia(state: EngineState, event: At<Extract<AdapterEvent, { type: 'earlyMedia' }>>, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.phase !== 'calling') return wrongPhase(state, call, 'play early media on');
  if (!config.capabilities.earlyMedia) return reject(state, 'unsupported', 'This media connection declares no early media', call.id);
  if (call.earlyMedia) return unchanged(state);
  return { state: withCall(state, changedCall(call, { earlyMedia: true })), effects: [timeline(event.at, call.id, 'earlyMedia')] };
}

export function remoteJoined(state: EngineState, event: At<Extract<AdapterEvent, { type: 'remoteJoined' }>>, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  const { at } = event;
  if (call.phase === 'calling') {
    const next: Call = changedCall(call, {
      phase: 'connecting',
      answeredAt: at,
      ringDeadline: undefined,
      connectDeadline: at + config.connectTimeoutMs,
      earlyMedia: false,
      remoteMedia: joined(call.remoteMedia),
    });
    return {
      state: withCall(state, next),
      effects: [
        { type: 'cancelTimer', timer: 'ring', callId: call.id },
        { type: 'startTimer', timer: 'connect', callId: call.id, at: next.connectDeadline! },
        timeline(at, call.id, 'remoteJoined'),
      ],
    };
  }
  // 004: a link call's client can leave and come back while the agent waits.
  if (call.phase !== 'ringing' && call.remoteMedia.presence === 'left') {
    return {
      state: withCall(state, changedCall(call, { remoteMedia: joined(call.remoteMedia) })),
      effects: [timeline(at, call.id, 'remoteJoined')],
    };
  }
  return wrongPhase(state, call, 'join');
}

export function remoteLeft(state: EngineState, event: At<Extract<AdapterEvent, { type: 'remoteLeft' }>>): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.remoteMedia.presence !== 'joined' || call.phase === 'ringing') return wrongPhase(state, call, 'leave');
  const remoteMedia: Call['remoteMedia'] = { presence: 'left', camera: false, screenShare: false, muted: false, held: false };
  const effects: Effect[] = [timeline(event.at, call.id, 'remoteLeft')];
  // 004: a party who left on purpose is waited for, not reconnected to; the media loss their going caused is over.
  if (call.phase === 'reconnecting' && call.connectedAt !== undefined) {
    return { state: withCall(state, changedCall(call, { phase: 'connected', reconnect: undefined, remoteMedia })), effects: [...reconnectTimersCancelled(call.id), ...effects] };
  }
  return { state: withCall(state, changedCall(call, { remoteMedia })), effects };
}

export function mediaConnected(state: EngineState, event: At<Extract<AdapterEvent, { type: 'mediaConnected' }>>, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  const { at } = event;
  if (call.phase === 'connecting' || call.phase === 'calling') {
    // An adapter may skip `remoteJoined` (the answer and the media arrive together).
    const effects: Effect[] = [{ type: 'cancelTimer', timer: call.phase === 'calling' ? 'ring' : 'connect', callId: call.id }];
    const next: Call = changedCall(call, {
      phase: 'connected',
      connectedAt: at,
      answeredAt: call.answeredAt ?? at,
      ringDeadline: undefined,
      connectDeadline: undefined,
      earlyMedia: false,
      remoteMedia: call.remoteMedia.presence === 'waiting' ? joined(call.remoteMedia) : call.remoteMedia,
    });
    effects.push(timeline(at, call.id, 'connected'), notice('callAnswered', next, at));
    return { state: withCall(state, next), effects };
  }
  if (call.phase === 'reconnecting' && call.connectedAt === undefined) {
    // Media came up while the network wobbled during set-up: it is evidently back.
    const next: Call = changedCall(call, { phase: 'connected', connectedAt: at, reconnect: undefined });
    return {
      state: withCall(state, next),
      effects: [
        ...reconnectTimersCancelled(call.id),
        timeline(at, call.id, 'connected'),
        notice('callAnswered', next, at),
      ],
    };
  }
  return wrongPhase(state, call, 'connect');
}

/** How the far side's reason reads as our outcome, given how far the call got. */
function outcomeOfRemoteEnd(call: Call, reason: RemoteEndReason): EndReason | undefined {
  switch (reason) {
    // Once media flowed here, this device is the one that answered.
    case 'answeredElsewhere': return call.connectedAt === undefined ? 'answeredElsewhere' : 'completed';
    case 'transferred': return 'transferred';
    case 'failed': return 'failed';
    // Once media flowed, the call was answered and talked: it ends completed whatever the far side calls it.
    case 'busy': return call.connectedAt === undefined ? 'busy' : 'completed';
    case 'noAnswer': return call.connectedAt !== undefined ? 'completed' : call.direction === 'inbound' ? 'missed' : 'noAnswer';
    case 'declined': return call.connectedAt === undefined ? 'declined' : 'completed';
    case 'canceled':
    case 'hangup':
      if (call.connectedAt !== undefined) return 'completed';
      // Inbound: the caller gave up before media flowed, even if our accept was already on its way.
      if (call.direction === 'inbound') return 'canceled';
      // Outbound: the far side refused before answering, or answered (joined a link call, 004) and left before media flowed.
      return call.answeredAt === undefined ? 'declined' : 'failed';
    default:
      return undefined;
  }
}

export function remoteEnded(state: EngineState, event: At<Extract<AdapterEvent, { type: 'remoteEnded' }>>, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  const outcome = outcomeOfRemoteEnd(call, event.reason);
  if (!outcome) return reject(state, 'invalidInput', `Unknown end reason ${JSON.stringify(event.reason)}`, call.id);
  return endCall(state, call, outcome, 'remote', event.at, config);
}

export function ringTimeout(state: EngineState, call: Call, at: number, config: EngineConfig): Transition {
  if (call.phase === 'ringing') return endCall(state, call, 'missed', 'system', at, config);
  if (call.phase === 'calling') return endCall(state, call, 'noAnswer', 'system', at, config);
  return unchanged(state);
}

/** The connect command failed: permission denied, no device, or the network. */
export function connectFailed(state: EngineState, call: Call, error: ErrorInfo, at: number, config: EngineConfig): Transition {
  const settingUp = call.phase === 'calling' || call.phase === 'connecting' || (call.phase === 'reconnecting' && call.connectedAt === undefined);
  if (!settingUp) return unchanged(state);
  const info: ErrorInfo = { ...error, callId: call.id };
  return endCall(state, call, 'failed', 'system', at, config, [{ type: 'error', error: info }], info);
}

/**
 * Answered, but media never flowed and the adapter never said why. The call
 * ends as failed at its connect deadline, as a refused connect would.
 */
export function connectTimeout(state: EngineState, call: Call, deadline: number, config: EngineConfig): Transition {
  if (call.phase !== 'connecting') return unchanged(state);
  const seconds = Math.round((deadline - (call.answeredAt ?? deadline)) / 1000);
  return connectFailed(state, call, { code: 'connectFailed', message: `No media ${seconds} s after the answer` }, deadline, config);
}

type PlaceCall = (state: EngineState, event: At<Extract<CommandInput, { type: 'placeCall' }>> & { callId: string }, config: EngineConfig, recallOf?: string) => Transition;

/** 000's Recall: a call back to the missed party, placed as any call the visitor starts (`place`: forwarded or not). */
export function recall(state: EngineState, event: At<Extract<CommandInput, { type: 'recall' }>> & { callId: string }, config: EngineConfig, place: PlaceCall): Transition {
  const missed = state.missed.find((entry) => entry.callId === event.missedCallId);
  if (!missed) return reject(state, 'unknownCall', `No missed call ${event.missedCallId}`, event.missedCallId);
  const placed = place(state, { type: 'placeCall', callId: event.callId, to: missed.remote, media: missed.media, at: event.at }, config, missed.callId);
  if (placed.rejected) return placed;
  const next = placed.state;
  return { ...placed, state: withLists(next, next.calls, next.history, next.missed.filter((entry) => entry !== missed)) };
}

export function dismissMissed(state: EngineState, event: At<Extract<CommandInput, { type: 'dismissMissed' }>>): Transition {
  const missed = state.missed.filter((entry) => entry.callId !== event.missedCallId);
  if (missed.length === state.missed.length) return reject(state, 'unknownCall', `No missed call ${event.missedCallId}`, event.missedCallId);
  return { state: withLists(state, state.calls, state.history, missed), effects: noEffects };
}

function notice(type: 'callStarted' | 'callAnswered' | 'callEnded', call: Call, at: number): Effect {
  return { type: 'notify', notice: { type, callId: call.id, at, direction: call.direction, media: call.media } };
}

const missedReasons: Partial<Record<EndReason, MissedCall['reason']>> = { missed: 'missed', declined: 'declined', canceled: 'canceled' };

/**
 * The only way a call ends. Whatever the reason, the same things follow:
 * timers cancelled, every stream stopped, one history entry, the backend told.
 */
export function endCall(
  state: EngineState,
  call: Call,
  endReason: EndReason,
  endedBy: EndedBy,
  at: number,
  config: EngineConfig,
  extraEffects: Effect[] = [],
  error?: ErrorInfo,
): Transition {
  const effects = extraEffects;
  if (call.ringDeadline !== undefined) effects.push({ type: 'cancelTimer', timer: 'ring', callId: call.id });
  if (call.connectDeadline !== undefined) effects.push({ type: 'cancelTimer', timer: 'connect', callId: call.id });
  if (call.holdAnswerBy !== undefined) effects.push({ type: 'cancelTimer', timer: 'hold', callId: call.id });
  if (call.takeover) effects.push({ type: 'cancelTimer', timer: 'takeover', callId: call.id });
  if (call.reconnect) effects.push(...reconnectTimersCancelled(call.id));
  effects.push({ type: 'adapter', command: { name: 'disconnect', callId: call.id, reason: endReason } });
  if (call.local.screenShare === 'on') {
    effects.push({ type: 'notify', notice: { type: 'screenShareStopped', callId: call.id, at, direction: call.direction, media: call.media } });
  }
  if (endReason === 'dropped') effects.push({ type: 'sound', sound: 'disconnected', callId: call.id });

  const durationMs = call.connectedAt === undefined ? 0 : Math.max(0, at - call.connectedAt);
  // Never negative, never longer than the call: a hold confirmed after a deadline the call ends at would be.
  const heldMs = Math.min(durationMs, call.hold.heldMs + (call.hold.since !== undefined ? Math.max(0, at - call.hold.since) : 0));
  const entry: HistoryEntry = {
    id: call.id,
    direction: call.direction,
    media: call.media,
    remote: call.remote,
    startedAt: call.startedAt,
    endedAt: at,
    endReason,
    endedBy,
    durationMs,
    heldMs,
  };
  if (call.connectedAt !== undefined) entry.connectedAt = call.connectedAt;
  if (call.recallOf !== undefined) entry.recallOf = call.recallOf;
  if (error) entry.error = error;

  effects.push(
    timeline(at, call.id, 'ended', endReason),
    { type: 'notify', notice: { type: 'callEnded', callId: call.id, at, direction: call.direction, media: call.media, endReason, durationMs } },
  );

  const limit = config.historyLimit;
  const history = prepend(entry, state.history, limit);
  let missed = state.missed;
  // An inbound call answered here was not missed, however it ended before media came (000's screen is for the unanswered).
  const missedReason = call.direction === 'inbound' && call.answeredAt === undefined ? missedReasons[endReason] : undefined;
  if (missedReason) {
    missed = prepend<MissedCall>({ callId: call.id, remote: call.remote, media: call.media, at, reason: missedReason }, missed, limit);
  }
  return { state: withLists(state, withoutCall(state, call.id).calls, history, missed), effects };
}
