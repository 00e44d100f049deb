// The agent desk (002, 003) as an engine extension: its reducer wraps the
// call reducer, so calls behave exactly as on a visitor's widget, and adds
// duty and presence, offers, outbound rules, transfers, wrap-up,
// conversations and recordings. Create an agent's engine with
// `createCallEngine({ adapter, extension: createAgentDesk(config) })`.
import type { EngineConfig } from '../config.js';
import type { EngineExtension } from '../engine.js';
import type { Effect, EngineEvent } from '../events.js';
import type { DeskTimer } from './events.js';
import type { EngineState } from '../model.js';
import type { DeskState } from './model.js';
import { callIdOf, reduce, settleOverdue, withTone } from '../reducer/index.js';
import { getCall } from '../selectors.js';
import { reject, unchanged, type Transition } from '../reducer/transition.js';
import { RinglineError } from '../errors.js';
import { type DeskConfig, type DeskConfigInput, resolveDeskConfig } from './config.js';
import {
  assignCallback, callbackAssigned, callbackDeadlines, callbackNoAnswer, callbackRemoteEnded, callbackRequested, callbacksLoaded,
  reactCallbacks, releaseCallbacks, ringDueCallback, startCallback,
} from './callbacks.js';
import { callLinkSendSettled, callLinkSettled, createCallLink, sendCallLink, startConversation, waitForLinkCall } from './callLinks.js';
import { acceptHandoff, handoffClaimed, handoffClaimFailed, handoffUpdated } from './handoff.js';
import { handBackHeldOffers, heldOfferEnded, contactResolved, offer, ringQueued, setDuty, setPresence, setQueues } from './offers.js';
import { followUpCall, ringBack, startOutbound } from './outbound.js';
import { deskEventParsers } from './parsers.js';
import { react } from './reactions.js';
import { conversationsLoaded, deleteRecording, directoryUpdated, messageReceived, messagesHandled, recordingAvailable, resolveConversation } from './records.js';
import { runDeskEffect } from './runtime.js';
import { changedDesk, deskCallOf, deskOf, emptyDesk, refuse, withDesk, withoutKey } from './state.js';
import { cancelTransfer, isTransferFailure, transfer, transferCompleted, transferFailed, transferredAfterAll, transferRinging, transferTimedOut } from './transfer.js';
import { closeWrapUp, extendWrapUp, rateCall, setWrapUpNotes, wrapUpTimedOut } from './wrapUp.js';

export interface AgentDesk extends EngineExtension {
  /** The resolved configuration, for selectors that show queue names and policies. */
  readonly config: DeskConfig;
}

export function createAgentDesk(input: DeskConfigInput): AgentDesk {
  const desk = resolveDeskConfig(input);
  return {
    config: desk,
    reduce: (state, event, config) => reduceWithDesk(state, event, config, desk),
    initialState: (state) => (!state.desk ? withDesk(state, emptyDesk(desk))
      : state.desk.agent?.id !== desk.agent.id ? anotherAgentsSnapshot(state.desk.agent?.id, desk.agent.id)
      : withDesk(state, rehydratedDesk(state.desk))),
    run: (effect, context) => runDeskEffect(effect, context, desk),
    deadlines: deskDeadlines,
    resumed: lookupsToRedo,
    eventParsers: deskEventParsers,
    startsCall: ['startOutbound', 'followUpCall', 'ringBack', 'startCallback', 'waitForLinkCall'],
  };
}

/**
 * A saved desk, as a reloaded page starts from it. Lists a snapshot from
 * before they existed lacks start empty. What the old page was waiting on is
 * dropped, since the answers went to that page: a hand-off claim (Accept
 * claims again, with the same token when the tab id is kept, and the backend
 * answers it as the same claim: 002 "Refresh the page once ... click Accept
 * again"), and a call link being sent (Send can be pressed again).
 */
function rehydratedDesk(saved: DeskState): DeskState {
  return changedDesk(saved, {
    callbacks: saved.callbacks ?? [],
    transcripts: saved.transcripts ?? [],
    calls: withoutKey(saved.calls, 'claim'),
    callLinks: withoutKey(saved.callLinks ?? [], 'sending'),
  });
}

/** 003: an agent sees only their own recordings and calls; a desk never starts from another agent's snapshot. */
function anotherAgentsSnapshot(saved: string | undefined, configured: string): never {
  throw new RinglineError('invalidInput', `initialState is the desk of ${saved ?? 'no agent'}, not of ${configured}: start this desk without it`);
}

/** The desk's reducer: pure, like the call reducer it wraps. */
export function reduceWithDesk(state: EngineState, event: EngineEvent, config: EngineConfig, desk: DeskConfig, afterDeadlines = false): Transition {
  if (state.disposed || !state.desk) return reduce(state, event, config);
  const overdue = settleFirstOverdue(state, event, config, desk);
  if (overdue) {
    const next = reduceWithDesk(overdue.state, event, config, desk, true);
    return { ...next, effects: [...overdue.effects, ...next.effects] };
  }
  const routed = route(state, event, config, desk);
  // A refusal changes nothing: no queued offer or due callback rings on it. Unless deadlines it
  // found passed changed things first (a call they ended frees the agent for the next offer).
  if (routed.rejected && routed.state === state && !afterDeadlines) return routed;
  const reacted = reactCallbacks(state, react(state, routed, event.at, desk, config), event.at, desk);
  const next = ringDueCallback(ringQueued(reacted, config, event.at), desk, config, event.at);
  return event.type === 'dispose' ? handBackHeldOffers(next, event.at) : next;
}

/**
 * Deadlines the input finds passed while their timers have not run (a
 * throttled background tab) are settled first, one instant at a time and
 * earliest first, each as its timer would have: an offer is not refused as
 * busy beside a call that is already over, a wrap-up whose countdown showed
 * 0 is over, and a call that dropped before its transfer's no-answer deadline
 * is not "returned to the agent" by it. Undefined when nothing is overdue;
 * the caller applies the input after each step, so the next one is found then.
 * A wrap-up button is judged against the window on screen, so wrap-up
 * commands settle nothing; nor does a timer, which is itself a settlement.
 */
function settleFirstOverdue(state: EngineState, event: EngineEvent, config: EngineConfig, desk: DeskConfig): Transition | undefined {
  if (event.type === 'timerFired' || wrapUpCommands.has(event.type)) return undefined;
  for (const due of passedDeskDeadlines(state, event.at)) {
    // The calls' own deadlines up to this one first (calls first on a tie).
    const calls = overdueCalls(state, event, config, desk, due.at);
    if (calls === leftToTheCallReducer) return undefined;
    if (calls) return calls;
    const fired = deskDeadlinePassed(state, due, config, desk);
    if (fired) return fired;
    // One that decided nothing (its timer would have found nothing to do): the next.
  }
  const calls = overdueCalls(state, event, config, desk, event.at);
  return calls === leftToTheCallReducer ? undefined : calls;
}

/**
 * Input the call reducer takes, about a call a passed deadline ended: left to
 * it whole, the deadlines before and the input (a click is refused, news
 * taken quietly), and the desk's later deadlines with it, so none of them
 * runs before that call's end.
 */
const leftToTheCallReducer = Symbol('leftToTheCallReducer');

/** The calls' deadlines (a connect that never came, a reconnect that gave up) until `until`. */
function overdueCalls(state: EngineState, event: EngineEvent, config: EngineConfig, desk: DeskConfig, until: number): Transition | typeof leftToTheCallReducer | undefined {
  const settled = settleOverdue(state, until, config);
  if (!settled) return undefined;
  // The desk's own news (a transfer outcome, a contact) finds the call over, as its timer would have left it.
  const about = callIdOf(event);
  const forTheCallReducer = !Object.hasOwn(deskEventParsers, event.type) && !decidedByTheDesk(state, event);
  if (forTheCallReducer && typeof about === 'string' && getCall(state, about) && !getCall(settled.state, about)) return leftToTheCallReducer;
  // The ringtone follows the calls here too (an offer its ring deadline ended stops ringing), and a callback hears its call end.
  return reactCallbacks(state, react(state, withTone(state, settled), until, desk, config), until, desk);
}

/**
 * A click about a call that the desk decides, not the call reducer: it finds
 * the call as the deadlines left it (over, so refused), as the desk's news does.
 */
function decidedByTheDesk(state: EngineState, event: EngineEvent): boolean {
  if (event.type === 'transfer' || event.type === 'cancelTransfer') return true;
  return (event.type === 'hold' || event.type === 'resume') && deskCallOf(deskOf(state), event.callId)?.transfer !== undefined;
}

type DeskDeadline = { timer: DeskTimer; callId: string; at: number };

/**
 * The passed desk deadlines that end something, earliest first: a wrap-up,
 * a transfer no one answered, an automated callback's customer who did not
 * pick up. A callback retry starts something and waits for its timer.
 */
function passedDeskDeadlines(state: EngineState, at: number): DeskDeadline[] {
  const passed = deskDeadlines(state).filter((deadline) => deadline.timer !== 'callbackRetry' && deadline.at <= at);
  return passed.length > 1 ? passed.sort((a, b) => a.at - b.at) : passed;
}

/** The desk deadline's timer, run at its deadline: the same reducer path, reactions and all. */
function deskDeadlinePassed(state: EngineState, due: DeskDeadline, config: EngineConfig, desk: DeskConfig): Transition | undefined {
  const fired = reduceWithDesk(state, { type: 'timerFired', timer: due.timer, callId: due.callId, deadline: due.at, at: due.at }, config, desk);
  return fired.rejected || fired.state === state ? undefined : fired;
}

const wrapUpCommands: ReadonlySet<string> = new Set(['extendWrapUp', 'setWrapUpNotes', 'rateCall', 'closeWrapUp']);

function route(state: EngineState, event: EngineEvent, config: EngineConfig, desk: DeskConfig): Transition {
  const { at } = event;
  switch (event.type) {
    case 'setDuty': return releaseCallbacks(setDuty(state, event.onDuty, at, config), at, desk.callbacks);
    case 'setPresence': return releaseCallbacks(setPresence(state, event.presence, at, config), at, desk.callbacks);
    case 'setQueues': return releaseCallbacks(setQueues(state, event.queues, at, config), at, desk.callbacks);
    // An offer without routing details is an offer to no particular queue.
    case 'incoming': return offer(state, { ...event, type: 'offer' }, desk, config);
    case 'offer': return offer(state, event, desk, config);
    case 'contactResolved':
    case 'contactLookupFailed': return contactResolved(state, event);
    case 'startOutbound': return startOutbound(state, { ...event, callId: event.callId ?? '' }, desk, config);
    case 'followUpCall': return followUpCall(state, event, desk, config);
    case 'ringBack': return ringBack(state, event, desk, config);
    case 'placeCall':
    case 'recall':
      return reject(state, 'invalidInput', 'An agent calls out with startOutbound, followUpCall or ringBack, so the outbound rules apply');
    case 'transfer': return transfer(state, event, desk, config);
    case 'cancelTransfer': return cancelTransfer(state, event, desk);
    case 'transferRinging': return transferRinging(state, event);
    case 'transferCompleted': return transferCompleted(state, event, config);
    case 'transferFailed':
      if (!isTransferFailure(event.reason)) return reject(state, 'invalidInput', 'Unknown transfer failure reason');
      return transferFailed(state, event.callId, event.transferId, event.reason, at, desk);
    case 'setCamera':
    case 'startScreenShare': {
      const phone = deskCallOf(deskOf(state), event.callId)?.channel === 'phone' && (event.type === 'startScreenShare' || event.on === true);
      if (phone) return reject(state, 'unsupported', 'A regular phone call has no camera or screen share', event.callId);
      return reduce(state, event, config);
    }
    case 'hold':
    case 'resume': {
      const inFlight = deskCallOf(deskOf(state), event.callId)?.transfer;
      if (inFlight) return refuse(state, 'transferInProgress', `Hold is kept as it was while the transfer runs`, event.callId);
      return reduce(state, event, config);
    }
    case 'remoteEnded': {
      // The network reporting the transfer done is the same as the desk hearing it: log it, stop the recording, open wrap-up.
      const inFlight = event.reason === 'transferred' ? deskCallOf(deskOf(state), event.callId)?.transfer : undefined;
      if (inFlight) return transferCompleted(state, { type: 'transferCompleted', callId: event.callId, transferId: inFlight.id, at }, config);
      if (event.reason === 'transferred') {
        const afterAll = transferredAfterAll(state, event.callId, at, config);
        if (afterAll) return afterAll;
      }
      return heldOfferEnded(state, event.callId, event.reason, at, config) ?? callbackRemoteEnded(state, event.callId, event.reason, at, config) ?? reduce(state, event, config);
    }
    case 'accept': {
      const offered = deskCallOf(deskOf(state), event.callId);
      return offered?.kind === 'handoff' ? acceptHandoff(state, event, offered, config, desk) : reduce(state, event, config);
    }
    case 'handoffClaimed': return handoffClaimed(state, event, config, desk);
    case 'handoffClaimFailed': return handoffClaimFailed(state, event, config);
    case 'handoffUpdated': return handoffUpdated(state, event);
    case 'callbackRequested': return callbackRequested(state, event, desk);
    case 'callbackAssigned': return callbackAssigned(state, event, desk.callbacks);
    case 'callbacksLoaded': return callbacksLoaded(state, event.callbacks, at, desk);
    case 'assignCallback': return assignCallback(state, event, desk.callbacks);
    case 'startCallback': return startCallback(state, event, desk, config);
    case 'startConversation': return startConversation(state, event);
    case 'createCallLink': return createCallLink(state, event, desk);
    case 'callLinkCreated':
    case 'callLinkFailed': return callLinkSettled(state, event);
    case 'sendCallLink': return sendCallLink(state, event);
    case 'callLinkSent':
    case 'callLinkNotSent': return callLinkSendSettled(state, event);
    case 'waitForLinkCall': return waitForLinkCall(state, { ...event, callId: event.callId ?? '' }, desk, config);
    case 'extendWrapUp': return extendWrapUp(state, event.by, at, desk);
    case 'setWrapUpNotes': return setWrapUpNotes(state, event.notes, at, desk);
    case 'rateCall': return rateCall(state, event.rating, at, desk);
    case 'closeWrapUp': return closeWrapUp(state, event.conversation, at, desk);
    case 'recordingAvailable': return recordingAvailable(state, event, desk);
    case 'deleteRecording': return deleteRecording(state);
    case 'messageReceived': return messageReceived(state, event);
    case 'messagesHandled': return messagesHandled(state, event.conversationId, at, desk);
    case 'resolveConversation': return resolveConversation(state, event.conversationId, at);
    case 'refreshDirectory': return { state, effects: [{ type: 'desk', action: 'loadDirectory' }] };
    case 'conversationsLoaded': return conversationsLoaded(state, event.conversations);
    case 'directoryUpdated': return directoryUpdated(state, event.agents);
    case 'timerFired':
      // A late timer (a throttled tab) ends wrap-up at its deadline, as the countdown showed.
      if (event.timer === 'wrapUp') return wrapUpTimedOut(state, event.callId, event.deadline, event.deadline, desk);
      if (event.timer === 'transfer') return transferTimedOut(state, event.callId, event.deadline, desk);
      // Nothing to decide: `ringDueCallback`, run after every input, rings a due retry now or once the agent is free,
      // and a stale deadline finds nothing due. Looking the callback up would scan thousands for each of thousands of retries.
      if (event.timer === 'callbackRetry') return unchanged(state);
      if (event.timer === 'callbackNoAnswer') return callbackNoAnswer(state, event.callId, event.deadline, config);
      return reduce(state, event, config);
    default:
      return reduce(state, event, config);
  }
}

/** A People lookup the old page was waiting on when it reloaded: asked again, or the card would say "looking up" for good. */
function lookupsToRedo(state: EngineState): Effect[] {
  return (state.desk?.calls ?? []).flatMap((call) =>
    call.lookup === 'pending' && call.contact.number ? [{ type: 'desk' as const, action: 'lookupContact' as const, callId: call.callId, number: call.contact.number }] : []);
}

/** Wrap-up, transfer and callback deadlines held in state, for re-arming after a reload. */
function deskDeadlines(state: EngineState): { timer: DeskTimer; callId: string; at: number }[] {
  const desk = state.desk;
  if (!desk) return [];
  const deadlines: { timer: DeskTimer; callId: string; at: number }[] = [];
  for (const call of desk.calls) if (call.transfer) deadlines.push({ timer: 'transfer', callId: call.callId, at: call.transfer.deadline });
  if (desk.wrapUp) deadlines.push({ timer: 'wrapUp', callId: desk.wrapUp.callId, at: desk.wrapUp.deadline });
  deadlines.push(...callbackDeadlines(desk));
  return deadlines;
}
