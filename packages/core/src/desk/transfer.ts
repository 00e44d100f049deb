// The transfer saga of 003: initiated → the target rings (the customer hears
// ringing or music) → completed, and the call ends on the agent's side as
// transferred, or failed (offline, busy, rejected, no answer, error), and the
// call comes back to the agent with hold as it was and a warning. The agent
// can take a transfer back while it runs, the same way. Outcomes of an
// earlier attempt are stale: a transfer completes at most once.
import type { EngineConfig } from '../config.js';
import type { Effect } from '../events.js';
import type { Call, EngineState } from '../model.js';
import { reduce } from '../reducer/index.js';
import { isE164 } from '../reducer/lifecycle.js';
import { getCall } from '../selectors.js';
import { reject, unchanged, unknownCall, type Transition } from '../reducer/transition.js';
import type { DeskConfig } from './config.js';
import type { DeskEvent, HoldAudio } from './events.js';
import type { DeskCall, TransferFailure, TransferTarget } from './model.js';
import { type At, deskCallOf, deskOf, extend, logEvent, notice, refuse, withDesk, withDeskCall } from './state.js';

export function describeTarget(target: TransferTarget): string {
  switch (target.kind) {
    case 'agent': return `agent ${target.name ?? target.agentId}`;
    case 'queue': return `queue ${target.queue}`;
    case 'external': return target.number;
  }
}

/**
 * Whether the target can be offered at all, and why not (003: queues
 * without automatic assignment have no Transfer option; a typed-in number
 * under a contacts-only policy is "not found in the phone book").
 */
function transferTargetProblem(state: EngineState, call: DeskCall, target: TransferTarget, desk: DeskConfig, config: EngineConfig): Transition | undefined {
  if (typeof target !== 'object' || target === null) return reject(state, 'invalidInput', 'A transfer needs a target: an agent, a queue or a number', call.callId);
  if (!config.capabilities.transferTargets.includes(target.kind)) {
    return reject(state, 'unsupported', `This media connection cannot transfer to ${String(target.kind)} targets`, call.callId);
  }
  switch (target.kind) {
    case 'agent': {
      const me = deskOf(state).agent.id;
      const agent = deskOf(state).directory.find((other) => other.id === target.agentId);
      if (target.agentId === me) return refuse(state, 'transferUnavailable', 'You cannot transfer a call to yourself', call.callId);
      // 003: only an agent of the same queue; a call with no queue goes to an agent who shares one of mine.
      const mine = deskOf(state).agent.queues;
      const sameQueue = call.queue !== undefined ? agent?.queues.includes(call.queue) : agent?.queues.some((queue) => mine.includes(queue));
      if (!agent || !sameQueue) {
        return refuse(state, 'transferUnavailable', `${target.agentId} is not an agent in ${call.queue === undefined ? 'any of your queues' : `queue ${call.queue}`}`, call.callId);
      }
      if (agent.presence === 'offline') return refuse(state, 'transferUnavailable', `${agent.name ?? agent.id} is offline`, call.callId);
      return undefined;
    }
    case 'queue': {
      const queue = desk.queues[target.queue];
      if (!queue) return refuse(state, 'transferUnavailable', `No queue ${JSON.stringify(target.queue)}`, call.callId);
      if (!queue.autoAssign) return refuse(state, 'transferUnavailable', `Queue ${queue.name} has no automatic agent assignment, so it cannot take transfers`, call.callId);
      return undefined;
    }
    case 'external': {
      if (desk.transfer.external === 'disabled') return refuse(state, 'transferUnavailable', 'Transfers to external numbers are not enabled', call.callId);
      if (typeof target.number !== 'string' || !isE164(target.number)) {
        return reject(state, 'invalidNumber', `${JSON.stringify(target.number)} is not an E.164 number such as +14155550100`, call.callId);
      }
      // A contact from People carries its id; a typed number marked as a contact does not pass.
      if ((target.source !== 'contact' || typeof target.contactId !== 'string' || target.contactId.length === 0) && desk.transfer.external === 'contactsOnly') {
        return refuse(state, 'notInPhonebook', `${target.number} is not in the phone book, and only numbers from People may be used`, call.callId);
      }
      if (target.from !== undefined && !desk.fromNumbers.includes(target.from)) {
        return refuse(state, 'unknownNumber', `${target.from} is not a number configured for calls`, call.callId);
      }
      return undefined;
    }
    default:
      return reject(state, 'invalidInput', 'A transfer target is an agent, a queue or an external number', call.callId);
  }
}

/** Why this call cannot be transferred to this target now, or undefined: the rule `transfer` and `transferTargetCheck` share. */
export function transferProblem(state: EngineState, callId: string, target: TransferTarget, desk: DeskConfig, config: EngineConfig): Transition | undefined {
  const call = getCall(state, callId);
  const deskCall = deskCallOf(deskOf(state), callId);
  if (!call || !deskCall) return unknownCall(state, callId);
  if (deskCall.transfer) return refuse(state, 'transferInProgress', `A transfer to ${describeTarget(deskCall.transfer.target)} is in progress`, call.id);
  if (call.phase !== 'connected' || (call.hold.status !== 'off' && call.hold.status !== 'on')) {
    return reject(state, 'invalidState', `Cannot transfer a call that is ${call.phase === 'connected' ? `${call.hold.status} hold` : call.phase}`, call.id);
  }
  return transferTargetProblem(state, deskCall, target, desk, config);
}

export function transfer(state: EngineState, event: At<{ callId: string; target: TransferTarget }>, desk: DeskConfig, config: EngineConfig): Transition {
  const problem = transferProblem(state, event.callId, event.target, desk, config);
  if (problem) return problem;
  const call = getCall(state, event.callId)!;
  const deskCall = deskCallOf(deskOf(state), event.callId)!;
  const target = copyOfTarget(event.target);
  const attempt = deskCall.transferAttempts + 1;
  const id = `${call.id}#${attempt}`;
  const deadline = event.at + desk.transfer.noAnswerMs;
  const { transferWarning: _cleared, ...rest } = deskCall;
  const next: DeskCall = {
    ...rest,
    transferAttempts: attempt,
    transfer: { id, target, stage: 'initiated', startedAt: event.at, holdBefore: call.hold.status === 'on' ? 'on' : 'off', deadline }, // on or off: transferProblem refused the rest
  };
  const logged = logEvent(withDeskCall(deskOf(state), next), deskCall.conversationId, {
    at: event.at, kind: 'transferStarted', callId: call.id, detail: describeTarget(target),
  });
  return {
    state: withDesk(state, logged),
    effects: [
      { type: 'desk', action: 'transfer', callId: call.id, transferId: id, target },
      { type: 'startTimer', timer: 'transfer', callId: call.id, at: deadline },
    ],
  };
}

/** A checked target with only its own fields: the caller's object stays the caller's, and nothing else gets into state. */
function copyOfTarget(target: TransferTarget): TransferTarget {
  switch (target.kind) {
    case 'agent': return typeof target.name === 'string' && target.name.length <= 256 ? { kind: 'agent', agentId: target.agentId, name: target.name } : { kind: 'agent', agentId: target.agentId };
    case 'queue': return { kind: 'queue', queue: target.queue };
    case 'external': return {
      kind: 'external', number: target.number, source: target.source === 'contact' ? 'contact' : 'manual',
      ...(typeof target.contactId === 'string' ? { contactId: target.contactId } : {}),
      ...(typeof target.from === 'string' ? { from: target.from } : {}),
    };
  }
}

/** The transfer this outcome belongs to, if it is still the one in flight. */
function current(state: EngineState, callId: string, transferId: string): { call: Call; deskCall: DeskCall } | undefined {
  const call = getCall(state, callId);
  const deskCall = deskCallOf(deskOf(state), callId);
  return call && deskCall?.transfer?.id === transferId ? { call, deskCall } : undefined;
}

export function transferRinging(state: EngineState, event: At<Extract<DeskEvent, { type: 'transferRinging' }>>): Transition {
  const found = current(state, event.callId, event.transferId);
  if (!found || found.deskCall.transfer!.stage === 'ringing') return unchanged(state);
  const { deskCall } = found;
  const next = withDeskCall(deskOf(state), { ...deskCall, transfer: { ...deskCall.transfer!, stage: 'ringing' } });
  return { state: withDesk(state, logEvent(next, deskCall.conversationId, { at: event.at, kind: 'transferRinging', callId: event.callId, detail: describeTarget(deskCall.transfer!.target) })), effects: [] };
}

/**
 * The target answered: the call ends on the agent's side as transferred (the
 * customer talks on with the target), the recording stops here, and wrap-up
 * opens (desk/reactions.ts, when it sees the call end). The call's end comes
 * first: a deadline that had already ended it (a reconnect that gave up while
 * the tab slept) decides, and then nothing was transferred.
 */
export function transferCompleted(state: EngineState, event: At<Extract<DeskEvent, { type: 'transferCompleted' }>>, config: EngineConfig): Transition {
  const found = current(state, event.callId, event.transferId);
  if (found) return transferredTo(state, found.deskCall, found.deskCall.transfer!.target, event.at, config);
  // Not in flight any more: the latest attempt may still have gone through after all (transferredAfterAll).
  const deskCall = deskCallOf(deskOf(state), event.callId);
  const latest = deskCall && event.transferId === `${event.callId}#${deskCall.transferAttempts}`;
  return (latest && transferredAfterAll(state, event.callId, event.at, config)) || unchanged(state);
}

/**
 * The network says the call was transferred with no transfer in flight here:
 * the last one went through after all, when this side was the one to end it
 * (the target answered as the agent's Cancel, or the no-answer deadline, went
 * out). It is logged as that transfer's completion. Undefined when this desk
 * started none, or when the network itself had said that attempt failed: the
 * news contradicts it, and is no transfer of this desk's.
 */
export function transferredAfterAll(state: EngineState, callId: string, at: number, config: EngineConfig): Transition | undefined {
  const deskCall = deskCallOf(deskOf(state), callId);
  const last = deskCall?.transferWarning;
  const endedHere = last?.reason === 'canceled' || last?.reason === 'noAnswer';
  return deskCall && last && endedHere && getCall(state, callId) ? transferredTo(state, deskCall, last.target, at, config) : undefined;
}

function transferredTo(state: EngineState, deskCall: DeskCall, target: TransferTarget, at: number, config: EngineConfig): Transition {
  const callId = deskCall.callId;
  const ended = reduce(state, { type: 'remoteEnded', callId, reason: 'transferred', at }, config);
  if (ended.state.history.find((entry) => entry.id === callId)?.endReason !== 'transferred') return ended;
  let desk = logEvent(deskOf(ended.state), deskCall.conversationId, { at, kind: 'transferred', callId, detail: describeTarget(target) });
  const effects: Effect[] = [notice({ type: 'transferCompleted', callId, target, at })];
  if (deskCall.transfer) effects.unshift({ type: 'cancelTimer', timer: 'transfer', callId });
  // Recording stops at the point of transfer (003); the call, and its recording state, are gone from the desk with it.
  if (deskCall.recording) {
    effects.push({ type: 'desk', action: 'stopRecording', callId });
    desk = logEvent(desk, deskCall.conversationId, { at, kind: 'recordingStopped', callId, detail: 'transferred' });
  }
  return extend(ended, desk, effects);
}

/**
 * The call comes back to the agent: hold as it was (hold and resume are
 * refused during a transfer), and a warning. A call that was on hold hears
 * its queue's hold audio again, not whatever the attempt played.
 */
export function transferFailed(state: EngineState, callId: string, transferId: string, reason: TransferFailure, at: number, desk: DeskConfig): Transition {
  const found = current(state, callId, transferId);
  if (!found) return unchanged(state);
  const { call, deskCall } = found;
  const failed = deskCall.transfer!;
  const { transfer: _ended, ...rest } = deskCall;
  const next = withDeskCall(deskOf(state), { ...rest, transferWarning: { reason, at, target: failed.target } });
  const effects: Effect[] = [
    { type: 'cancelTimer', timer: 'transfer', callId },
    notice({ type: 'transferFailed', callId, target: failed.target, reason, at }),
  ];
  // A target that never answered, or one the agent gave up on, still has a leg ringing somewhere: the adapter drops it.
  if (reason === 'noAnswer' || reason === 'canceled') effects.push({ type: 'desk', action: 'cancelTransfer', callId, transferId });
  if (call.hold.status === 'on') effects.push({ type: 'desk', action: 'holdAudio', callId, audio: holdAudioOf(deskCall, desk) });
  return {
    state: withDesk(state, logEvent(next, deskCall.conversationId, { at, kind: 'transferFailed', callId, detail: `${describeTarget(failed.target)}: ${reason}` })),
    effects,
  };
}

const networkFailures: readonly TransferFailure[] = ['offline', 'busy', 'rejected', 'noAnswer', 'error'];

/** A reason the network may give; `canceled` is the agent's own. */
export function isTransferFailure(value: unknown): value is TransferFailure {
  return networkFailures.includes(value as TransferFailure);
}

/** The agent's Cancel while the target has not answered: the call comes back as from a failure. */
export function cancelTransfer(state: EngineState, event: At<{ callId: string }>, desk: DeskConfig): Transition {
  const inFlight = deskCallOf(deskOf(state), event.callId)?.transfer;
  if (!getCall(state, event.callId)) return unknownCall(state, event.callId);
  if (!inFlight) return reject(state, 'invalidState', `No transfer of ${event.callId} is in progress`, event.callId);
  return transferFailed(state, event.callId, inFlight.id, 'canceled', event.at, desk);
}

/** The transfer deadline passed with no answer: decided at the deadline, however late its timer ran (a throttled tab). */
export function transferTimedOut(state: EngineState, callId: string, deadline: number, desk: DeskConfig): Transition {
  const transferInFlight = deskCallOf(deskOf(state), callId)?.transfer;
  if (!transferInFlight || transferInFlight.deadline !== deadline) return unchanged(state);
  return transferFailed(state, callId, transferInFlight.id, 'noAnswer', deadline, desk);
}

/** The hold music or announcement of the call's queue (003), or none. */
export function holdAudioOf(deskCall: DeskCall, desk: DeskConfig): HoldAudio | null {
  return (deskCall.queue === undefined ? undefined : desk.queues[deskCall.queue]?.holdAudio) ?? null;
}
