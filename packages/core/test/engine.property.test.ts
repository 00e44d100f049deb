// Model-based runs: random interleavings of user actions, far-side events,
// network faults, adapter faults and time, checking every invariant after
// every step. On failure fast-check prints the seed, the path and, in the
// counterexample, the commands' replayPath; rerun one with FC_SEED=<seed>
// FC_PATH=<path> FC_REPLAY_PATH=<replayPath> -t '<test name>' (FC_SEED alone
// also finds it, and shrinks again).
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCallEngine, getCall, reconnectCountdown, remainingRingMs, toneOf, type AdapterCommandName, type Call, type CallEngine, type EngineOutput, type EngineState,
  type MediaKind, type SendResult,
} from '../src/index.js';
import {
  arbitraryDtmf, arbitraryInvalidDtmf, arbitraryMalformedAdapterEvent, createLoopbackAdapter, createVirtualClock,
  type LoopbackAdapter, type VirtualClock,
} from '../src/testing/index.js';
import { stepKind } from './propertySupport.js';

const numRuns = Number(process.env.FC_RUNS ?? (process.env.CI ? 1_000 : 200));
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const path = process.env.FC_PATH;
/** `fc.commands` replays only with its own replayPath, printed in the counterexample. */
const replayPath = process.env.FC_REPLAY_PATH;

interface Model {
  /** Every call id the engine accepted, in creation order. */
  ids: string[];
  disposed: boolean;
}

interface Real {
  clock: VirtualClock;
  adapter: LoopbackAdapter;
  engine: CallEngine;
  outputs: EngineOutput[];
  /** Set by invariants that must be checked at the instant something happened. */
  violations: string[];
  /** Frozen at dispose: nothing may change afterwards. */
  afterDispose?: { logLength: number; state: EngineState };
}

function setup(): { model: Model; real: Real } {
  const clock = createVirtualClock(1_000_000);
  const adapter = createLoopbackAdapter({ clock, latencyMs: { connect: 40, hold: 25, resume: 25, startScreenShare: 60, setCamera: 30, sendDtmf: 5, reconnect: 50 } });
  let n = 0;
  const engine = createCallEngine({
    adapter,
    clock,
    createId: () => `placed-${++n}`,
    config: { historyLimit: 10_000, ringTimeoutMs: 20_000, outboundRingTimeoutMs: 30_000, connectTimeoutMs: 5_000, holdTimeoutMs: 3_000 },
  });
  const real: Real = { clock, adapter, engine, outputs: [], violations: [] };
  engine.events$.subscribe((output) => {
    real.outputs.push(output);
    // refusedHoldLeavesConnected: at the moment a hold is refused, the call is still up (connected, or
    // reconnecting if the network dropped meanwhile) and not on hold. Input that finds a hold's answer
    // deadline passed settles the refusal first and may then end the call in the same transition.
    if (output.type === 'error' && output.error.code === 'holdRefused') {
      const snapshot = engine.getSnapshot();
      const call = getCall(snapshot, output.error.callId ?? '');
      const endedWithIt = !call && snapshot.history.some((entry) => entry.id === output.error.callId);
      // Likewise a Hold that finds the last one's answer overdue: that one is refused, and this one, sent
      // this instant (its answer due holdTimeoutMs from now), is on its way. Any other `holding` is a refusal not applied.
      const heldAgain = call?.hold.status === 'holding' && call.holdAnswerBy === clock.now() + 3_000;
      if (!endedWithIt && (!call || (call.phase !== 'connected' && call.phase !== 'reconnecting') || (call.hold.status !== 'off' && !heldAgain))) {
        real.violations.push(`refusedHoldLeavesConnected: ${output.error.callId} is ${call ? `${call.phase}/${call.hold.status}` : 'gone'}`);
      }
    }
  });
  return { model: { ids: [], disposed: false }, real };
}

/** Mostly the newest calls, where the action is; sometimes an old, ended one (stale input). */
const pickFrom = (model: Model, pick: number) => {
  if (model.ids.length === 0) return 'no-call';
  const back = pick % 8 < 6 ? pick % 2 : pick % model.ids.length;
  return model.ids[Math.max(0, model.ids.length - 1 - back)]!;
};

/** `send` results: a rejection leaves the state exactly as it was (a late click may still end a ring as missed). */
function sendChecked(real: Real, action: () => SendResult): void {
  const before = real.engine.getSnapshot();
  const result = action();
  // The one exception: a click on a call (or a takeover) whose deadline had passed, its timer not run yet,
  // ends it as the deadline decided.
  const callId = result.ok ? undefined : result.error.callId;
  const endedByDeadline = callId !== undefined && getCall(before, callId) !== undefined && getCall(real.engine.getSnapshot(), callId) === undefined;
  if (!result.ok && !endedByDeadline && result.error.code !== 'ringExpired' && real.engine.getSnapshot() !== before) {
    real.violations.push(`rejectionChangesNothing: ${result.error.code} changed the state`);
  }
}

let stepsRun = 0;
/** What the runs reached, by timeline kind and end reason: proof the interesting paths are exercised. */
const reached = new Map<string, number>();

const Step = stepKind<Model, Real>((model, real) => {
  stepsRun++;
  checkInvariants(model, real);
});

const callStep = (label: string, act: (engine: CallEngine, callId: string) => SendResult) =>
  fc.nat().map((pick) => new Step(`${label}(${pick})`, (model, real) => sendChecked(real, () => act(real.engine, pickFrom(model, pick)))));

const remoteStep = (label: string, act: (adapter: LoopbackAdapter, callId: string) => void) =>
  fc.nat().map((pick) => new Step(`${label}(${pick})`, (model, real) => act(real.adapter, pickFrom(model, pick))));

const media = fc.constantFrom<MediaKind>('audio', 'video');
const faultable: AdapterCommandName[] = ['connect', 'hold', 'resume', 'setMuted', 'setCamera', 'startScreenShare', 'stopScreenShare', 'sendDtmf', 'reconnect'];

/** Shortcuts to a connected call, so hold, DTMF, sharing and reconnection get exercised often. */
const connectSteps = [
  media.map((kind) =>
    new Step(`ringAndAccept(${kind})`, async (model, real) => {
      if (model.disposed) return;
      const callId = real.adapter.remote.ring({ media: kind });
      model.ids.push(callId);
      sendChecked(real, () => real.engine.accept(callId));
      await real.clock.tick(40);
    })),
  media.map((kind) =>
    new Step(`placeAndAnswer(${kind})`, async (model, real) => {
      const result = real.engine.placeCall({ name: 'Far side' }, kind);
      if (!result.ok) return;
      model.ids.push(result.callId);
      await real.clock.tick(40);
      real.adapter.remote.answer(result.callId);
      await real.clock.tick(40);
    })),
];

const holdAndResume = fc.tuple(fc.nat(), fc.constantFrom(0, 10, 25, 1_000)).map(([pick, heldFor]) =>
  new Step(`holdAndResume(${pick},${heldFor})`, async (model, real) => {
    const callId = pickFrom(model, pick);
    sendChecked(real, () => real.engine.hold(callId));
    await real.clock.tick(25);
    await real.clock.tick(heldFor);
    sendChecked(real, () => real.engine.resume(callId));
  }));

const shareThenStop = fc.tuple(fc.nat(), fc.boolean()).map(([pick, fromBrowser]) =>
  new Step(`shareThenStop(${pick},${fromBrowser ? 'browser' : 'button'})`, async (model, real) => {
    const callId = pickFrom(model, pick);
    sendChecked(real, () => real.engine.startScreenShare(callId));
    await real.clock.tick(60);
    if (fromBrowser) real.adapter.remote.stopSharingFromBrowser(callId);
    else sendChecked(real, () => real.engine.stopScreenShare(callId));
  }));

const dropAndWait = fc.tuple(fc.nat(), fc.constantFrom(1_000, 10_000, 30_000)).map(([pick, wait]) =>
  new Step(`dropAndWait(${pick},${wait})`, async (model, real) => {
    real.adapter.remote.dropNetwork(pickFrom(model, pick));
    await real.clock.tick(wait);
  }));

const refusedHold = fc.nat().map((pick) =>
  new Step(`refusedHold(${pick})`, async (model, real) => {
    real.adapter.failNext('hold');
    sendChecked(real, () => real.engine.hold(pickFrom(model, pick)));
    await real.clock.tick(25);
  }));

const dropAndRecover = fc.tuple(fc.nat(), fc.boolean()).map(([pick, silently]) =>
  new Step(`dropAndRecover(${pick},${silently ? 'heal' : 'restore'})`, async (model, real) => {
    const callId = pickFrom(model, pick);
    real.adapter.remote.dropNetwork(callId);
    await real.clock.tick(500);
    if (silently) real.adapter.remote.healNetwork(callId);
    else real.adapter.remote.restoreNetwork(callId);
    await real.clock.tick(2_000);
  }));

/** Answered, then media never comes (a stalled ICE check): the connect deadline ends the call. */
const stalledConnect = fc.tuple(fc.constantFrom('inbound', 'outbound'), fc.constantFrom(4_000, 6_000)).map(([direction, wait]) =>
  new Step(`stalledConnect(${direction},${wait})`, async (model, real) => {
    if (model.disposed) return;
    real.adapter.setLatency('connect', 60_000);
    if (direction === 'inbound') {
      const callId = real.adapter.remote.ring();
      model.ids.push(callId);
      sendChecked(real, () => real.engine.accept(callId));
    } else {
      const result = real.engine.placeCall({ name: 'Far side' }, 'audio');
      if (result.ok) {
        model.ids.push(result.callId);
        real.adapter.remote.answer(result.callId);
      }
    }
    real.adapter.setLatency('connect', 40);
    await real.clock.tick(wait);
  }));

/** The adapter never answers a hold or a resume in time: the answer deadline rolls it back. */
const unansweredHold = fc.tuple(fc.nat(), fc.constantFrom('hold', 'resume'), fc.constantFrom(2_000, 4_000)).map(([pick, stalled, wait]) =>
  new Step(`unansweredHold(${pick},${stalled},${wait})`, async (model, real) => {
    const callId = pickFrom(model, pick);
    if (stalled === 'resume') {
      sendChecked(real, () => real.engine.hold(callId));
      await real.clock.tick(25);
    }
    real.adapter.setLatency(stalled, 60_000);
    sendChecked(real, () => (stalled === 'hold' ? real.engine.hold(callId) : real.engine.resume(callId)));
    real.adapter.setLatency(stalled, 10);
    await real.clock.tick(wait);
  }));

/** Whether a deadline ends the call by `now`: its ring, connect or reconnect give-up deadline. */
function endsBy(call: Call, now: number): boolean {
  const deadline = call.phase === 'ringing' || call.phase === 'calling' ? call.ringDeadline
    : call.phase === 'connecting' ? call.connectDeadline
    : call.reconnect?.giveUpAt;
  return deadline !== undefined && deadline <= now;
}

/**
 * A throttled background tab: time moves, the timers that fell due have not
 * run, and input arrives first. Deadlines it finds passed are settled before it.
 */
const throttled = fc.tuple(fc.nat(), fc.constantFrom(3_500, 6_000, 25_000, 45_000), fc.constantFrom('ring', 'place', 'accept', 'hangUp', 'hold', 'mute')).map(
  ([pick, wait, input]) =>
    new Step(`throttled(${pick},${wait},${input})`, async (model, real) => {
      real.clock.jump(wait);
      const callId = pickFrom(model, pick);
      switch (input) {
        case 'ring': {
          if (model.disposed) break;
          const now = real.clock.now();
          const allOverdue = real.engine.getSnapshot().calls.every((call) => endsBy(call, now));
          const id = real.adapter.remote.ring();
          model.ids.push(id);
          // overdueCallsNeverBlock: calls whose deadlines have passed are over, so the offer rings.
          if (allOverdue && getCall(real.engine.getSnapshot(), id)?.phase !== 'ringing') real.violations.push(`overdueCallsNeverBlock: ${id} did not ring`);
          break;
        }
        case 'place': {
          const result = real.engine.placeCall({ name: 'Far side' }, 'audio');
          if (result.ok) model.ids.push(result.callId);
          break;
        }
        case 'accept': sendChecked(real, () => real.engine.accept(callId)); break;
        case 'hangUp': sendChecked(real, () => real.engine.hangUp(callId)); break;
        case 'hold': sendChecked(real, () => real.engine.hold(callId)); break;
        case 'mute': sendChecked(real, () => real.engine.toggleMute(callId)); break;
      }
      await real.clock.tick(0);
    }),
);

const ringUnanswered = fc.boolean().map((callerGivesUp) =>
  new Step(`ringUnanswered(${callerGivesUp ? 'cancel' : 'timeout'})`, async (model, real) => {
    if (model.disposed) return;
    const callId = real.adapter.remote.ring({ ringTimeoutMs: 5_000 });
    model.ids.push(callId);
    if (callerGivesUp) real.adapter.remote.cancel(callId);
    else await real.clock.tick(5_000);
  }));

const steps = [
  refusedHold,
  unansweredHold,
  throttled,
  stalledConnect,
  dropAndRecover,
  ringUnanswered,
  shareThenStop,
  dropAndWait,
  ...connectSteps,
  ...connectSteps,
  holdAndResume,
  fc.tuple(media, fc.option(fc.integer({ min: 1_000, max: 40_000 }), { nil: undefined })).map(([kind, ringTimeoutMs]) =>
    new Step(`ring(${kind},${ringTimeoutMs})`, (model, real) => {
      if (model.disposed) return;
      const callId = real.adapter.remote.ring(ringTimeoutMs === undefined ? { media: kind } : { media: kind, ringTimeoutMs });
      model.ids.push(callId);
    })),
  media.map((kind) =>
    new Step(`placeCall(${kind})`, (model, real) => {
      const result = real.engine.placeCall({ name: 'Far side' }, kind);
      if (result.ok) model.ids.push(result.callId);
    })),
  callStep('accept', (e, id) => e.accept(id)),
  callStep('acceptAsAudio', (e, id) => e.accept(id, { media: 'audio' })),
  callStep('decline', (e, id) => e.decline(id)),
  callStep('hangUp', (e, id) => e.hangUp(id)),
  callStep('hold', (e, id) => e.hold(id)),
  callStep('hold', (e, id) => e.hold(id)),
  callStep('resume', (e, id) => e.resume(id)),
  callStep('resume', (e, id) => e.resume(id)),
  callStep('toggleMute', (e, id) => e.toggleMute(id)),
  callStep('toggleCamera', (e, id) => e.toggleCamera(id)),
  callStep('toggleScreenShare', (e, id) => e.toggleScreenShare(id)),
  fc.tuple(fc.nat(), fc.oneof(arbitraryDtmf, arbitraryInvalidDtmf)).map(([pick, digits]) =>
    new Step(`sendDtmf(${pick},${JSON.stringify(digits)})`, (model, real) => sendChecked(real, () => real.engine.sendDtmf(pickFrom(model, pick), digits)))),
  fc.nat().map((pick) =>
    new Step(`recall(${pick})`, (model, real) => {
      const missed = real.engine.getSnapshot().missed;
      const target = missed[pick % Math.max(1, missed.length)];
      const result = real.engine.recall(target?.callId ?? 'none');
      if (result.ok) model.ids.push(result.callId);
    })),
  remoteStep('remoteAnswer', (a, id) => a.remote.answer(id)),
  remoteStep('remoteEarlyMedia', (a, id) => a.remote.earlyMedia(id)),
  remoteStep('remoteCancel', (a, id) => a.remote.cancel(id)),
  remoteStep('answeredElsewhere', (a, id) => a.remote.answerElsewhere(id)),
  fc.tuple(fc.nat(), fc.constantFrom('hangup', 'declined', 'busy', 'failed', 'transferred', 'noAnswer') as fc.Arbitrary<'hangup'>).map(([pick, reason]) =>
    new Step(`remoteHangUp(${pick},${reason})`, (model, real) => real.adapter.remote.hangUp(pickFrom(model, pick), reason))),
  remoteStep('remoteLeave', (a, id) => a.remote.leave(id)),
  remoteStep('remoteJoin', (a, id) => a.remote.join(id)),
  fc.tuple(fc.nat(), fc.boolean(), fc.boolean()).map(([pick, camera, screenShare]) =>
    new Step(`remoteMedia(${pick},${camera},${screenShare})`, (model, real) => real.adapter.remote.setMedia(pickFrom(model, pick), { camera, screenShare }))),
  remoteStep('browserStopSharing', (a, id) => a.remote.stopSharingFromBrowser(id)),
  // 000's takeover: a person asks to join; the visitor's accept/decline are the accept and decline steps.
  fc.tuple(fc.nat(), fc.constantFrom(undefined, 1_000, 5_000, 20_000)).map(([pick, ringTimeoutMs]) =>
    new Step(`takeoverOffered(${pick},${ringTimeoutMs})`, (model, real) =>
      real.adapter.remote.emitRaw({ type: 'takeoverOffered', callId: pickFrom(model, pick), agent: { name: 'Dana' }, ...(ringTimeoutMs === undefined ? {} : { ringTimeoutMs }) }))),
  remoteStep('takeoverWithdrawn', (a, id) => a.remote.emitRaw({ type: 'takeoverWithdrawn', callId: id })),
  // A whole takeover round, so every outcome is reached often enough.
  fc.constantFrom('accept', 'decline', 'withdraw', 'countdown').map((outcome) =>
    new Step(`takeoverRound(${outcome})`, async (model, real) => {
      // On the connected call if there is one, else on a call answered for it.
      let callId = real.engine.getSnapshot().calls.find((call) => call.phase === 'connected')?.id;
      if (!callId) {
        if (model.disposed) return;
        callId = real.adapter.remote.ring();
        model.ids.push(callId);
        sendChecked(real, () => real.engine.accept(callId!));
        await real.clock.tick(40);
      }
      real.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: { name: 'Dana' }, ringTimeoutMs: 5_000 });
      if (outcome === 'accept') sendChecked(real, () => real.engine.accept(callId));
      else if (outcome === 'decline') sendChecked(real, () => real.engine.decline(callId));
      else if (outcome === 'withdraw') real.adapter.remote.emitRaw({ type: 'takeoverWithdrawn', callId });
      else await real.clock.tick(5_000);
    })),
  remoteStep('dropNetwork', (a, id) => a.remote.dropNetwork(id)),
  remoteStep('dropNetwork', (a, id) => a.remote.dropNetwork(id)),
  remoteStep('restoreNetwork', (a, id) => a.remote.restoreNetwork(id)),
  remoteStep('healNetwork', (a, id) => a.remote.healNetwork(id)),
  fc.constantFrom(...faultable).map((name) => new Step(`failNext(${name})`, (_model, real) => real.adapter.failNext(name))),
  fc.constantFrom(...faultable).map((name) => new Step(`failNext(${name})`, (_model, real) => real.adapter.failNext(name))),
  arbitraryMalformedAdapterEvent.map((raw) =>
    new Step(`malformed(${JSON.stringify(raw)})`, (_model, real) => {
      const before = real.engine.getSnapshot();
      real.adapter.remote.emitRaw(raw);
      if (real.engine.getSnapshot() !== before) real.violations.push('malformedEventChangesNothing');
    })),
  fc.constantFrom(0, 5, 10, 25, 40, 100, 1_000, 5_000, 19_999, 30_000, 60_000).map((ms) =>
    new Step(`tick(${ms})`, (_model, real) => real.clock.tick(ms))),
];

const disposeStep = fc.constant(
  new Step('dispose', (model, real) => {
    real.engine.dispose();
    model.disposed = true;
  }),
);

function checkInvariants(model: Model, real: Real): void {
  const problems = [...real.violations];
  const state = real.engine.getSnapshot();
  const now = real.clock.now();
  const calls = state.calls;

  // atMostOneLiveCall
  const live = calls.filter((call) => call.phase !== 'ringing');
  if (live.length > 1) problems.push(`atMostOneLiveCall: ${live.map((c) => `${c.id}:${c.phase}`).join(', ')}`);
  // ...and nothing rings over it: an incoming call then ends as busy.
  const ringingOverLive = live.length > 0 ? calls.filter((call) => call.phase === 'ringing') : [];
  if (ringingOverLive.length > 0) problems.push(`atMostOneLiveCall: ${ringingOverLive.map((c) => c.id).join(', ')} rang over ${live[0]!.id}`);

  // exactlyOneTerminalOutcome / everyEndedCallInHistoryOnce
  const historyIds = state.history.map((entry) => entry.id);
  if (new Set(historyIds).size !== historyIds.length) problems.push('everyEndedCallInHistoryOnce: duplicate history entry');
  for (const id of model.ids) {
    const inCalls = getCall(state, id) !== undefined;
    const inHistory = historyIds.includes(id);
    if (inCalls === inHistory) problems.push(`exactlyOneTerminalOutcome: ${id} live=${inCalls} ended=${inHistory}`);
  }
  const endedNotices = new Map<string, number>();
  for (const output of real.outputs) {
    if (output.type === 'notice' && output.notice.type === 'callEnded') endedNotices.set(output.notice.callId, (endedNotices.get(output.notice.callId) ?? 0) + 1);
  }
  for (const [id, count] of endedNotices) if (count !== 1) problems.push(`exactlyOneTerminalOutcome: ${id} ended ${count} times`);
  // ...and none ends without its notice.
  for (const id of model.ids) if (historyIds.includes(id) && !endedNotices.has(id)) problems.push(`exactlyOneTerminalOutcome: ${id} ended with no callEnded notice`);

  // noNegativeRemainingTime: no call is ever left past its deadline, so remaining time is never clamped
  for (const call of calls) {
    if ((call.phase === 'ringing' || call.phase === 'calling') !== (call.ringDeadline !== undefined)) {
      problems.push(`ringDeadlineOnlyWhileRinging: ${call.id} ${call.phase} deadline=${call.ringDeadline}`);
    }
    if (call.ringDeadline !== undefined && !state.disposed && call.ringDeadline <= now) problems.push(`noNegativeRemainingTime: ${call.id} ring is past due`);
    if ((call.phase === 'connecting') !== (call.connectDeadline !== undefined)) {
      problems.push(`connectDeadlineOnlyWhileConnecting: ${call.id} ${call.phase} deadline=${call.connectDeadline}`);
    }
    if (call.connectDeadline !== undefined && !state.disposed && call.connectDeadline <= now) problems.push(`noNegativeRemainingTime: ${call.id} connect is past due`);
    // The countdowns themselves, also as a tab that wakes long after the deadline would read them.
    for (const at of [now, now + 3_600_000]) {
      if (remainingRingMs(call, at) < 0) problems.push(`noNegativeRemainingTime: ${call.id} ring at ${at}`);
      const countdown = reconnectCountdown(call, at);
      if (countdown && (countdown.giveUpMs < 0 || (countdown.nextRetryMs ?? 0) < 0)) problems.push(`noNegativeRemainingTime: ${call.id} reconnect at ${at}`);
    }
    if (call.reconnect && (call.reconnect.giveUpAt <= now || call.reconnect.nextRetryAt < now)) problems.push(`noNegativeRemainingTime: ${call.id} reconnect past due`);
    if ((call.phase === 'reconnecting') !== (call.reconnect !== undefined)) problems.push(`reconnectStateOnlyWhileReconnecting: ${call.id}`);
    if (call.hold.status !== 'off' && call.phase !== 'connected' && call.phase !== 'reconnecting') problems.push(`holdOnlyOnConnectedCalls: ${call.id}`);
    const waitingForAnswer = call.hold.status === 'holding' || call.hold.status === 'resuming';
    if (waitingForAnswer !== (call.holdAnswerBy !== undefined)) problems.push(`holdAnswerDeadlineOnlyWhileWaiting: ${call.id} ${call.hold.status}`);
    if (call.holdAnswerBy !== undefined && !state.disposed && call.holdAnswerBy <= now) problems.push(`noNegativeRemainingTime: ${call.id} hold answer is past due`);
  }

  // timersFireOnceAndNeverAfterEnd: every armed timer belongs to a live call and matches its deadline, and none fired stale
  for (const timer of real.engine.pendingTimers()) {
    const call = getCall(state, timer.callId);
    const expected =
      timer.timer === 'ring' ? call?.ringDeadline
      : timer.timer === 'connect' ? call?.connectDeadline
      : timer.timer === 'hold' ? call?.holdAnswerBy
      : timer.timer === 'reconnectRetry' ? call?.reconnect?.nextRetryAt
      : timer.timer === 'takeover' ? (call?.takeover?.status === 'offered' ? call.takeover.deadline : undefined)
      : call?.reconnect?.giveUpAt;
    if (expected !== timer.at) problems.push(`timersMatchState: ${timer.timer} for ${timer.callId} at ${timer.at}, state says ${expected}`);
  }
  for (const output of real.outputs) {
    if (output.type === 'rejected' && output.input.type === 'timerFired') problems.push(`timersNeverFireStale: ${JSON.stringify(output.input)}`);
  }

  // ringtoneOnlyWhileRinging: the tone the outputs left playing is the one the state calls for
  let tone: string | undefined;
  for (const output of real.outputs) {
    if (output.type !== 'tone') continue;
    // A player told to start one tone over another would play both.
    if (output.action === 'start' && tone !== undefined) problems.push(`ringtoneOnlyWhileRinging: ${output.tone} started over ${tone}`);
    tone = output.action === 'start' ? output.tone : undefined;
  }
  if (tone !== toneOf(state)) problems.push(`ringtoneOnlyWhileRinging: playing ${tone}, state wants ${toneOf(state)}`);
  // A person asking to join rings like an incoming call (000).
  const somethingRings = calls.some((call) => call.phase === 'ringing' || call.takeover?.status === 'offered');
  if (tone === 'ringtone' && !somethingRings) problems.push('ringtoneOnlyWhileRinging: ringtone with nothing ringing');
  if (somethingRings && tone !== 'ringtone' && !state.disposed) problems.push(`ringtoneOnlyWhileRinging: a call rings to ${tone ?? 'silence'}`);

  // noEffectAfterDispose
  if (model.disposed) {
    real.afterDispose ??= { logLength: real.adapter.log.length, state };
    if (calls.length > 0) problems.push('disposeEndsEveryCall');
    if (real.adapter.log.length !== real.afterDispose.logLength) problems.push('noEffectAfterDispose: adapter command');
    // No output check: dispose completes events$ and drops every handler, so nothing could be seen (engine.test.ts).
    if (state !== real.afterDispose.state) problems.push('noEffectAfterDispose: state changed');
    if (real.engine.pendingTimers().length > 0) problems.push('noEffectAfterDispose: timers armed');
  }

  if (problems.length > 0) throw new Error(`Invariant violated:\n  ${problems.join('\n  ')}`);
}

describe('engine model runs (loopback adapter, virtual clock)', () => {
  it(`keeps every invariant under any interleaving (${numRuns} runs)`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(steps, { maxCommands: 60, size: 'large', ...(replayPath === undefined ? {} : { replayPath }) }), async (commands) => {
        const { model, real } = setup();
        await fc.asyncModelRun(() => ({ model, real }), commands);
        for (const output of real.outputs) {
          const key = output.type === 'timeline' ? (output.entry.kind === 'ended' ? `ended:${output.entry.detail}` : output.entry.kind)
            : output.type === 'error' ? (output.error.message.startsWith('No media') ? 'connectTimedOut'
              : output.error.message.startsWith('No answer to') ? `${output.error.code}:timedOut` : `error:${output.error.code}`) : undefined;
          if (key) reached.set(key, (reached.get(key) ?? 0) + 1);
        }
        real.engine.dispose();
      }),
      { numRuns, seed, path, verbose: 1 },
    );
    // Guards the test itself: runs that do nothing would pass every invariant.
    expect(stepsRun).toBeGreaterThan(numRuns * 10);
    if (process.env.FC_STATS) console.log([...reached].sort().map(([k, v]) => `${k}=${v}`).join(' '));
    for (const kind of [
      'onHold', 'holdRefused', 'resumed', 'reconnecting', 'reconnected', 'ended:dropped', 'ended:missed', 'ended:canceled', 'screenShareStopped',
      'takeoverOffered', 'takeoverDeclined', 'takeoverExpired', 'takeoverWithdrawn', 'connectTimedOut', 'holdRefused:timedOut', 'resumeRefused:timedOut',
    ]) {
      expect(reached.get(kind) ?? 0, `model runs never reached ${kind}`).toBeGreaterThan(0);
    }
  });

  it(`stays inert after dispose (${numRuns} runs)`, { timeout: 600_000 }, async () => {
    const before = fc.commands(steps, { maxCommands: 20, size: 'large' });
    const after = fc.commands(steps, { maxCommands: 20, size: 'large' });
    await fc.assert(
      fc.asyncProperty(before, disposeStep, after, async (first, dispose, rest) => {
        const { model, real } = setup();
        await fc.asyncModelRun(() => ({ model, real }), [...first, dispose, ...rest]);
      }),
      { numRuns, seed, path, verbose: 1 },
    );
  });
});
