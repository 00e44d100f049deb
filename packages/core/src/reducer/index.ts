// The root reducer: routes each event to the file that owns its concern and
// derives the ringtone from the resulting state. Pure: no clock, no I/O.
import type { EngineConfig } from '../config.js';
import type { AdapterCommand, EngineEvent, Tone } from '../events.js';
import type { Call, EngineState, ErrorInfo } from '../model.js';
import { deviceCommandFailed, devicesChanged, selectDevice, setVideoEffect, setVolume } from './devices.js';
import { dtmfSettled, sendDtmf } from './dtmf.js';
import { hold, holdSettled, holdTimedOut, resume, resumeSettled } from './hold.js';
import {
  accept, connectFailed, connectTimeout, decline, dismissMissed, earlyMedia, endEach, hangUp, incoming, mediaConnected, placeCall, recall,
  remoteEnded, remoteJoined, remoteLeft, ringTimeout,
} from './lifecycle.js';
import {
  muteSettled, remoteMedia, setCamera, setMuted, startScreenShare, stopScreenShare, trackStarted, trackStopFailed,
} from './media.js';
import { isForwarded, phoneRinging, placeForwardedCall, setForwardingNumber } from './forwarding.js';
import { giveUp, networkLost, networkRestored, restored, retryDue } from './reconnect.js';
import { acceptTakeover, declineTakeover, takeoverOffered, takeoverSettled, takeoverTimedOut, takeoverWithdrawn } from './takeover.js';
import { isAdapterEventType } from '../adapterEvents.js';
import { getCall } from '../selectors.js';
import { noEffects, reject, unchanged, changedCall, withCall, withLists, type Transition } from './transition.js';

export type { Transition } from './transition.js';
export { isDtmf } from './dtmf.js';
export { isE164 } from './lifecycle.js';

/**
 * The next state and the effects of one event. States are never changed in
 * place, by the reducer or by its callers: unchanged parts are shared between
 * states and compared by identity (here, in `state$` and in the React
 * bindings), so a caller that edits a state it was given corrupts later ones.
 */
export function reduce(state: EngineState, event: EngineEvent, config: EngineConfig): Transition {
  if (state.disposed) return reject(state, 'disposed', 'The engine is disposed');
  const settled = event.type === 'timerFired' ? undefined : settleOverdue(state, event.at, config);
  const result = settled ? afterDeadlines(state, settled, event, config) : route(state, event, config);
  if (result.rejected !== undefined && isLateNews(state, event, result.rejected)) return unchanged(state);
  return result.state.calls === state.calls ? result : withTone(state, result);
}

/**
 * The far side or the adapter reporting on a call that has already ended here
 * (both sides hung up at once, a media change racing the hang-up): an
 * expected race with nothing left to do, not a refusal worth a `rejected`
 * output. News of a call never seen is still refused.
 */
function isLateNews(state: EngineState, event: EngineEvent, rejected: ErrorInfo): boolean {
  if (rejected.code !== 'unknownCall' || !isAdapterEventType(event.type)) return false;
  const about = callIdOf(event);
  return state.history.some((entry) => entry.id === about);
}

/**
 * The deadline a call is waiting on, the earliest if several: its ring,
 * connect or reconnect give-up deadline, the answer a hold or a resume waits
 * for, or a switch to a person (takeover: its countdown, or its answer).
 */
function nextDeadline(call: Call): number | undefined {
  const phaseDeadline = call.phase === 'ringing' || call.phase === 'calling' ? call.ringDeadline
    : call.phase === 'connecting' ? call.connectDeadline
    : call.phase === 'reconnecting' ? call.reconnect!.giveUpAt
    : undefined;
  // Beside the phase: the answer a hold or resume awaits, and a switch to a person (the takeover's countdown, or its answer).
  return earlier(earlier(phaseDeadline, call.holdAnswerBy), call.takeover?.deadline);
}

function earlier(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || (b !== undefined && b < a) ? b : a;
}

/** What passing a deadline decides, at the deadline. */
function settleDeadline(state: EngineState, call: Call, deadline: number, config: EngineConfig): Transition {
  if (call.holdAnswerBy === deadline) return holdTimedOut(state, call, deadline, config);
  if (call.takeover?.deadline === deadline) return takeoverTimedOut(state, call.id, deadline, config);
  switch (call.phase) {
    case 'ringing':
    case 'calling': return ringTimeout(state, call, deadline, config);
    case 'connecting': return connectTimeout(state, call, deadline, config);
    default: return giveUp(state, call, deadline, config);
  }
}

/**
 * Deadlines that input at `at` finds passed, their timers not run yet (a
 * throttled background tab): each is settled first, earliest first, as its
 * timer would have, so the input sees the state as of `at`. A call that
 * missed its connect deadline is not still live when the next offer comes.
 * Undefined, the hot path, when nothing is overdue: a comparison or two per call.
 */
export function settleOverdue(state: EngineState, at: number, config: EngineConfig): Transition | undefined {
  let settled: Transition | undefined;
  for (;;) {
    const current = settled?.state ?? state;
    let first: Call | undefined;
    let firstAt = Infinity;
    for (const call of current.calls) {
      const deadline = nextDeadline(call);
      if (deadline !== undefined && deadline <= at && deadline < firstAt) {
        first = call;
        firstAt = deadline;
      }
    }
    if (!first) return settled;
    const step = settleDeadline(current, first, firstAt, config);
    // Each step ends the call or clears the deadline; one that did neither would loop.
    if (step.state === current) return settled;
    settled = settled ? { state: step.state, effects: [...settled.effects, ...step.effects] } : step;
  }
}

/** The live call an input is about, if any: its `callId`, or its command's for an outcome. */
export function callIdOf(event: EngineEvent): unknown {
  return (event as { callId?: unknown }).callId ?? (event as { command?: { callId?: unknown } }).command?.callId;
}

/** Late news: what the far side, the adapter or the runtime reports. Anything else about a call is a click. */
function isNews(type: string): boolean {
  return isAdapterEventType(type) || type === 'commandSucceeded' || type === 'commandFailed';
}

/**
 * The input, after the deadlines it found passed. About a call one of them
 * ended: late news from the far side or the adapter has nothing left to do,
 * and a click is refused, the deadline having decided (the one case where a
 * refusal comes with a change: the deadline's). Otherwise it applies to the
 * settled state; if refused there, it changes nothing, and the deadlines are
 * left to their timers.
 */
function afterDeadlines(before: EngineState, settled: Transition, event: EngineEvent, config: EngineConfig): Transition {
  const about = callIdOf(event);
  const ended = typeof about === 'string' && !getCall(settled.state, about) ? getCall(before, about) : undefined;
  if (ended) return isNews(event.type) ? settled : { ...settled, rejected: endedByDeadline(ended) };
  // Accept or Decline on a takeover whose countdown ran out: decided by the countdown, as on a ringing call.
  const expired = (event.type === 'accept' || event.type === 'decline') && typeof about === 'string' ? takeoverExpiredBy(before, settled.state, about) : undefined;
  if (expired) return { ...settled, rejected: expired };
  const next = route(settled.state, event, config);
  if (next.rejected) return { state: before, effects: noEffects, rejected: next.rejected };
  return { ...next, effects: [...settled.effects, ...next.effects] };
}

/** A call the visitor starts, Recall included: through phone forwarding where configured (001), else dialled here. */
const placeOutbound: typeof placeCall = (state, event, config, recallOf) =>
  isForwarded(event, config) ? placeForwardedCall(state, event, config, recallOf) : placeCall(state, event, config, recallOf);

function takeoverExpiredBy(before: EngineState, settled: EngineState, callId: string): ErrorInfo | undefined {
  const offered = getCall(before, callId)?.takeover?.status === 'offered';
  return offered && !getCall(settled, callId)?.takeover ? { code: 'ringExpired', message: `The countdown for ${callId} ran out`, callId } : undefined;
}

function endedByDeadline(call: Call): ErrorInfo {
  if (call.phase === 'ringing') return { code: 'ringExpired', message: `The ring countdown of ${call.id} ran out`, callId: call.id };
  const deadline = call.phase === 'calling' ? 'ring deadline, unanswered' : call.phase === 'connecting' ? 'connect deadline' : 'reconnect give-up deadline';
  return { code: 'unknownCall', message: `Call ${call.id} ended at its ${deadline}`, callId: call.id };
}

function route(state: EngineState, event: EngineEvent, config: EngineConfig): Transition {
  switch (event.type) {
    case 'incoming': return incoming(state, event, config);
    case 'placeCall': return placeOutbound(state, { ...event, callId: event.callId ?? '' }, config);
    case 'setForwardingNumber': return setForwardingNumber(state, event, config);
    case 'phoneRinging': return phoneRinging(state, event);
    case 'accept': {
      const joining = getCall(state, event.callId);
      return joining?.takeover ? acceptTakeover(state, joining, event.at, config) : accept(state, event, config);
    }
    case 'decline': {
      const joining = getCall(state, event.callId);
      return joining?.takeover ? declineTakeover(state, joining, event.at) : decline(state, event, config);
    }
    case 'takeoverOffered': return takeoverOffered(state, event, config);
    case 'takeoverWithdrawn': return takeoverWithdrawn(state, event);
    case 'hangUp': return hangUp(state, event, config);
    case 'recall':
      if (event.callId === undefined) return reject(state, 'invalidInput', 'recall needs a callId for the new call');
      return recall(state, { ...event, callId: event.callId }, config, placeOutbound);
    case 'dismissMissed': return dismissMissed(state, event);
    case 'earlyMedia': return earlyMedia(state, event, config);
    case 'remoteJoined': return remoteJoined(state, event, config);
    case 'remoteLeft': return remoteLeft(state, event);
    case 'mediaConnected': return mediaConnected(state, event, config);
    case 'remoteEnded': return remoteEnded(state, event, config);
    case 'setMuted': return setMuted(state, event);
    case 'setCamera': return setCamera(state, event, config);
    case 'startScreenShare': return startScreenShare(state, event, config);
    case 'stopScreenShare':
    case 'localScreenShareEnded': return stopScreenShare(state, event);
    case 'remoteMedia': return remoteMedia(state, event);
    case 'hold': return hold(state, event, config);
    case 'resume': return resume(state, event, config);
    case 'sendDtmf': return sendDtmf(state, event, config);
    case 'networkLost': return networkLost(state, event, config);
    case 'networkRestored': return networkRestored(state, event, config);
    case 'adapterError': return adapterError(state, event.error, event.callId);
    case 'selectDevice': return selectDevice(state, event, config);
    case 'setVolume': return setVolume(state, event, config);
    case 'setVideoEffect': return setVideoEffect(state, event, config);
    case 'devicesChanged': return devicesChanged(state, event);
    case 'deviceCommandFailed': return deviceCommandFailed(state, event.command, event.error);
    case 'commandSucceeded': return settled(state, event.command, event.at, config);
    case 'commandFailed': return settled(state, event.command, event.at, config, event.error);
    case 'timerFired': return timerFired(state, event, config);
    case 'adapterStopped': return adapterStopped(state, event.error, event.at, config);
    case 'dispose': return dispose(state, event.at, config);
    default:
      return reject(state, 'invalidInput', `Unknown input type ${JSON.stringify((event as { type?: unknown }).type)}`);
  }
}

/**
 * Which successful adapter commands the reducer needs to hear about: the rest
 * (connect, mute, disconnect...) already took effect in state when issued, so
 * the runtime does not feed their success back. Failures always come back.
 */
export const successMatters: Readonly<Record<AdapterCommand['name'], boolean>> = {
  connect: false,
  disconnect: false,
  setMuted: false,
  setCamera: true,
  startScreenShare: true,
  stopScreenShare: false,
  hold: true,
  resume: true,
  sendDtmf: true,
  reconnect: true,
  acceptTakeover: true,
  declineTakeover: false,
  forwardToPhone: false,
};

/**
 * An adapter command finished. Outcomes for a call that has ended change
 * nothing and are expected (the caller hung up while the camera started);
 * only a failed disconnect is still worth reporting: streams may be left open.
 */
function settled(state: EngineState, command: AdapterCommand, at: number, config: EngineConfig, error?: ErrorInfo): Transition {
  const call = getCall(state, command?.callId);
  if (!call) return error && command?.name === 'disconnect' ? { state, effects: [{ type: 'error', error }] } : unchanged(state);
  switch (command.name) {
    case 'connect': return error ? connectFailed(state, call, error, at, config) : unchanged(state);
    case 'hold':
    case 'resume':
      // An answer to an earlier request (one that timed out, and the visitor tried again) is stale.
      if (command.answerBy !== undefined && command.answerBy !== call.holdAnswerBy) return unchanged(state);
      return command.name === 'hold' ? holdSettled(state, call, at, error) : resumeSettled(state, call, at, error);
    case 'setMuted': return muteSettled(state, call, command, error);
    case 'setCamera': return command.on ? trackStarted(state, call, 'camera', command.request, at, error) : error ? trackStopFailed(state, call, 'camera', command.request, at, error) : unchanged(state);
    case 'startScreenShare': return trackStarted(state, call, 'screenShare', command.request, at, error);
    case 'sendDtmf': return dtmfSettled(state, call, command, error);
    // Only an attempt made for the current drop can end it.
    case 'reconnect': return !error && command.lostAt === call.reconnect?.lostAt ? restored(state, call, at, config) : unchanged(state);
    case 'acceptTakeover':
      // As for hold: the answer to an accept that timed out does not decide the visitor's next one.
      if (command.answerBy !== undefined && command.answerBy !== call.takeover?.deadline) return unchanged(state);
      return takeoverSettled(state, call, at, error);
    case 'forwardToPhone': return error ? connectFailed(state, call, error, at, config) : unchanged(state);
    case 'stopScreenShare': return error ? trackStopFailed(state, call, 'screenShare', command.request, at, error, !command.endedByBrowser) : unchanged(state);
    case 'declineTakeover':
    case 'disconnect':
      return error ? adapterError(state, error, call.id) : unchanged(state);
    default:
      return reject(state, 'invalidInput', `Unknown adapter command ${JSON.stringify((command as { name?: unknown }).name)}`);
  }
}

function timerFired(state: EngineState, event: Extract<EngineEvent, { type: 'timerFired' }>, config: EngineConfig): Transition {
  if (event.timer === 'takeover') return takeoverTimedOut(state, event.callId, event.deadline, config);
  const call = getCall(state, event.callId);
  // A deadline that no longer matches state is stale: the call ended or moved on.
  const due =
    event.timer === 'ring' ? call?.ringDeadline
    : event.timer === 'connect' ? call?.connectDeadline
    : event.timer === 'hold' ? call?.holdAnswerBy
    : event.timer === 'reconnectRetry' ? call?.reconnect?.nextRetryAt
    : call?.reconnect?.giveUpAt;
  if (!call || due !== event.deadline) return reject(state, 'invalidState', `Stale ${event.timer} timer for ${event.callId}`, event.callId);
  switch (event.timer) {
    // A timer that wakes late (a throttled background tab) ends the call at its deadline, as a late click would.
    case 'ring': return ringTimeout(state, call, event.deadline, config);
    case 'connect': return connectTimeout(state, call, event.deadline, config);
    case 'hold': return holdTimedOut(state, call, event.deadline, config);
    case 'reconnectRetry': return retryDue(state, call, event.at, config);
    case 'reconnectGiveUp': return giveUp(state, call, event.deadline, config);
    default:
      return reject(state, 'invalidInput', `Unknown timer ${JSON.stringify(event.timer)}`);
  }
}

function adapterError(state: EngineState, error: ErrorInfo, callId: string | undefined): Transition {
  const call = callId === undefined ? undefined : getCall(state, callId);
  const info: ErrorInfo = callId === undefined ? error : { ...error, callId };
  return { state: call ? withCall(state, changedCall(call, { lastError: info })) : state, effects: [{ type: 'error', error: info }] };
}

/**
 * An adapter that stopped reporting can no longer say that the far side
 * hung up or that the network dropped: its calls would show "connected"
 * forever. Each ends as failed, by the system, and the adapter is still asked
 * to disconnect it, in case its commands work.
 */
function adapterStopped(state: EngineState, error: ErrorInfo, at: number, config: EngineConfig): Transition {
  return endEach(state, state.calls, () => 'failed', at, config, error);
}

/**
 * Disposing ends every call so no stream outlives the engine. Nobody decided
 * anything: a ringing offer was missed, a live call completed (or canceled
 * before it connected), all ended by the system.
 */
function dispose(state: EngineState, at: number, config: EngineConfig): Transition {
  const ended = endEach(
    state,
    state.calls,
    (call) => (call.phase === 'ringing' ? 'missed' : call.connectedAt === undefined ? 'canceled' : 'completed'),
    at,
    config,
  );
  const { calls, history, missed } = ended.state;
  return { state: withLists(state, calls, history, missed, true), effects: ended.effects };
}

/** Which tone the state calls for: an inbound ring wins over outbound ringback. */
export function toneOf(state: EngineState): Tone | undefined {
  let tone: Tone | undefined;
  for (const call of state.calls) {
    // A person joining a call with the AI rings like an incoming call (000).
    if (call.phase === 'ringing' || call.takeover?.status === 'offered') return 'ringtone';
    // A forwarded call rings on the visitor's phone, not in the page (001).
    if (call.phase === 'calling' && !call.earlyMedia && !call.forwarding) tone = 'ringback';
  }
  return tone;
}

// The tone of the last call list seen: one event's result is the next one's
// starting state, so each list's tone is worked out once. Still pure: the
// tone depends on the calls only, and lists are never mutated.
let lastCalls: EngineState['calls'] | undefined;
let lastTone: Tone | undefined;

function cachedToneOf(state: EngineState): Tone | undefined {
  if (state.calls !== lastCalls) {
    lastTone = toneOf(state);
    lastCalls = state.calls;
  }
  return lastTone;
}

// The ringtone follows from state, so it cannot play while nothing rings.
export function withTone(before: EngineState, result: Transition): Transition {
  const was = cachedToneOf(before);
  const now = cachedToneOf(result.state);
  if (was === now) return result;
  const effects = result.effects.slice();
  if (was) effects.push({ type: 'tone', action: 'stop' });
  if (now) effects.push({ type: 'tone', action: 'start', tone: now });
  return { ...result, effects };
}
