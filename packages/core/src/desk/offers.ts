// Whether a call may reach the agent (002 duty toggle, 003 "Receive a call"),
// and what happens to an offer: it rings, waits until the agent is free, or
// is refused with a reason the routing side can act on. It never rings over a
// live call, during wrap-up or off duty.
import type { EngineConfig } from '../config.js';
import type { Effect, RemoteEndReason } from '../events.js';
import type { EndReason, EngineState, HistoryEntry } from '../model.js';
import { reduce, withTone } from '../reducer/index.js';
import { endEach } from '../reducer/lifecycle.js';
import { getCall } from '../selectors.js';
import { prepend, reject, unchanged, withLists, type Transition } from '../reducer/transition.js';
import type { DeskConfig } from './config.js';
import type { DeskEvent } from './events.js';
import { heldTranscript } from './handoff.js';
import type { DeskState, OfferRefusal, Presence, QueuedOffer } from './model.js';
import {
  changedConversation, changedDesk,
  type At, conversationOf, deskCallOf, deskOf, extend, logEvent, newConversation, notice, openConversationFor, withConversation,
  withDesk, withDeskCall,
} from './state.js';

type Offer = Extract<DeskEvent, { type: 'offer' }>;

/** Why an offer to this queue would be refused now, or undefined when it may ring. */
export function offerRefusal(state: EngineState, queue: string | undefined): OfferRefusal | undefined {
  const { agent, wrapUp } = deskOf(state);
  if (!agent.onDuty) return 'offDuty';
  if (agent.presence !== 'available') return 'notAvailable';
  if (queue !== undefined && !agent.queues.includes(queue)) return 'notInQueue';
  if (wrapUp) return 'inWrapUp';
  if (state.calls.length > 0) return 'busy';
  return undefined;
}

export function setDuty(state: EngineState, onDuty: unknown, at: number, config: EngineConfig): Transition {
  if (typeof onDuty !== 'boolean') return reject(state, 'invalidInput', 'setDuty needs onDuty: true or false');
  const desk = deskOf(state);
  if (desk.agent.onDuty === onDuty) return unchanged(state);
  const next = changedDesk(desk, { agent: { ...desk.agent, onDuty } });
  return onDuty ? { state: withDesk(state, next), effects: [] } : stopOffers(withDesk(state, next), 'offDuty', at, config);
}

/**
 * An agent who goes off duty or away takes no more offers (002: calls go to
 * others who are on): held offers are refused and ringing ones end as missed,
 * with the reason for the routing side. A live call goes on.
 */
function stopOffers(state: EngineState, reason: OfferRefusal, at: number, config: EngineConfig, which: (queue: string | undefined) => boolean = () => true): Transition {
  const held = refuseQueued(state, reason, at, (queued) => which(queued.queue));
  const desk = deskOf(held.state);
  const ringing = held.state.calls.filter((call) => call.phase === 'ringing' && which(deskCallOf(desk, call.id)?.queue));
  if (ringing.length === 0) return held;
  // Ended here rather than through `reduce`, so the ringtone stop is derived here too.
  const ended = withTone(held.state, endEach(held.state, ringing, () => 'missed', at, config));
  const notices = ringing.map((call) => notice({ type: 'offerRefused', callId: call.id, reason, at }));
  return { state: ended.state, effects: [...held.effects, ...ended.effects, ...notices] };
}

const presences: readonly Presence[] = ['available', 'busy', 'away', 'offline'];

export function setPresence(state: EngineState, presence: unknown, at: number, config: EngineConfig): Transition {
  if (!presences.includes(presence as Presence)) return reject(state, 'invalidInput', `presence must be one of ${presences.join(', ')}`);
  const desk = deskOf(state);
  if (desk.agent.presence === presence) return unchanged(state);
  const next = withDesk(state, changedDesk(desk, { agent: { ...desk.agent, presence: presence as Presence } }));
  return presence === 'available' ? { state: next, effects: [] } : stopOffers(next, 'notAvailable', at, config);
}

export function setQueues(state: EngineState, queues: unknown, at: number, config: EngineConfig): Transition {
  if (!Array.isArray(queues) || !queues.every((queue) => typeof queue === 'string' && queue.length > 0)) {
    return reject(state, 'invalidInput', 'setQueues needs a list of queue ids');
  }
  const desk = deskOf(state);
  const next = withDesk(state, changedDesk(desk, { agent: { ...desk.agent, queues: [...queues] as string[] } }));
  // Offers of a queue the agent has left, held or ringing, would be refused now (003: only calls of your queues), so they go elsewhere.
  return stopOffers(next, 'notInQueue', at, config, (queue) => queue !== undefined && !(queues as string[]).includes(queue));
}

function refuseQueued(state: EngineState, reason: OfferRefusal, at: number, which: (queued: QueuedOffer) => boolean = () => true): Transition {
  const desk = deskOf(state);
  const refused = desk.queuedOffers.filter(which);
  if (refused.length === 0) return { state, effects: [] };
  const effects = refused.flatMap((queued) => refusalEffects(queued.callId, reason, at));
  return { state: withDesk(state, changedDesk(desk, { queuedOffers: desk.queuedOffers.filter((queued) => !refused.includes(queued)) })), effects };
}

/** A desk that goes away hands its held offers back: routing must not wait on a tab that is gone. */
export function handBackHeldOffers(transition: Transition, at: number): Transition {
  const refused = refuseQueued(transition.state, 'notAvailable', at);
  return refused.effects.length === 0 ? transition : { ...transition, state: refused.state, effects: [...transition.effects, ...refused.effects] };
}

function refusalEffects(callId: string, reason: OfferRefusal, at: number): Effect[] {
  return [{ type: 'desk', action: 'refuseOffer', callId, reason }, notice({ type: 'offerRefused', callId, reason, at })];
}

export function offer(state: EngineState, event: At<Offer>, desk: DeskConfig, config: EngineConfig): Transition {
  const current = deskOf(state);
  if (typeof event.callId !== 'string' || typeof event.remote !== 'object' || event.remote === null) {
    return reject(state, 'invalidInput', 'An offer needs a call id and a remote party');
  }
  const seen = getCall(state, event.callId) || current.queuedOffers.some((queued) => queued.callId === event.callId) || state.history.some((ended) => ended.id === event.callId);
  if (seen) {
    return reject(state, 'invalidInput', `Duplicate call id ${event.callId}`, event.callId);
  }
  const refusal = offerRefusal(state, event.queue);
  if (refusal === undefined) return ring(state, queuedFrom(event), config);
  if (desk.busyPolicy === 'queue' && (refusal === 'busy' || refusal === 'inWrapUp')) {
    return { state: withDesk(state, changedDesk(current, { queuedOffers: [...current.queuedOffers, queuedFrom(event)] })), effects: [] };
  }
  const known = conversationOf(current, event.conversationId);
  const logged = known ? withDesk(state, logEvent(current, known.id, { at: event.at, kind: 'offerRefused', callId: event.callId, detail: refusal })) : state;
  return { state: logged, effects: refusalEffects(event.callId, refusal, event.at) };
}

function queuedFrom(event: At<Offer>): QueuedOffer {
  const queued: QueuedOffer = { callId: event.callId, remote: event.remote, media: event.media, handoff: event.handoff === true, queuedAt: event.at };
  if (event.queue !== undefined) queued.queue = event.queue;
  if (event.conversationId !== undefined) queued.conversationId = event.conversationId;
  if (event.summary !== undefined) queued.summary = event.summary;
  if (event.ringTimeoutMs !== undefined) queued.ringTimeoutMs = event.ringTimeoutMs;
  if (event.channel === 'phone') queued.channel = 'phone';
  return queued;
}

/**
 * Rings the offer: the core call starts ringing at once and the contact
 * lookup runs beside it, so a slow People search never delays the ring.
 */
function ring(state: EngineState, offered: QueuedOffer, config: EngineConfig): Transition {
  const { callId, remote } = offered;
  const at = offered.queuedAt;
  const incoming = reduce(state, {
    // A regular phone call carries no video (003): it rings, and is answered, without the camera.
    type: 'incoming', callId, remote, media: offered.channel === 'phone' ? 'audio' : offered.media, at,
    ...(offered.ringTimeoutMs === undefined ? {} : { ringTimeoutMs: offered.ringTimeoutMs }),
  }, config);
  if (incoming.rejected) return incoming;
  let desk = deskOf(incoming.state);
  // The conversation routing named wins; without one, the customer's open conversation here.
  const known = offered.conversationId === undefined ? openConversationFor(desk, contactOf(remote)) : conversationOf(desk, offered.conversationId);
  const conversationId = known?.id ?? offered.conversationId ?? `conv-${callId}`;
  if (!known) desk = withConversation(desk, newConversation(conversationId, contactOf(remote), null, offered.queue));
  desk = withDeskCall(desk, {
    callId,
    conversationId,
    kind: offered.handoff ? 'handoff' : 'inbound',
    ...(offered.queue === undefined ? {} : { queue: offered.queue }),
    contact: contactOf(remote),
    lookup: remote.number ? 'pending' : 'none',
    ...(offered.summary === undefined ? {} : { summary: offered.summary }),
    ...(offered.channel === 'phone' ? { channel: 'phone' as const } : {}),
    ...(known ? {} : { conversationMadeHere: true as const }),
    transferAttempts: 0,
  });
  desk = heldTranscript(logEvent(desk, conversationId, { at, kind: 'callOffered', callId, ...(offered.queue ? { detail: offered.queue } : {}) }), offered, conversationId);
  const lookup: Effect[] = remote.number ? [{ type: 'desk', action: 'lookupContact', callId, number: remote.number }] : [];
  return extend(incoming, desk, lookup);
}

function contactOf(remote: QueuedOffer['remote']) {
  const contact: DeskState['calls'][number]['contact'] = {};
  if (remote.id !== undefined) contact.id = remote.id;
  if (remote.name !== undefined) contact.name = remote.name;
  if (remote.number !== undefined) contact.number = remote.number;
  return contact;
}

/** The first offer held while the agent was busy rings once the agent is free. */
export function ringQueued(transition: Transition, config: EngineConfig, at: number): Transition {
  const desk = transition.state.desk;
  if (!desk || desk.queuedOffers.length === 0 || transition.state.disposed) return transition;
  if (offerRefusal(transition.state, undefined) !== undefined) return transition;
  const [first, ...rest] = desk.queuedOffers;
  const dequeued = withDesk(transition.state, changedDesk(desk, { queuedOffers: rest }));
  const rung = ring(dequeued, { ...first!, queuedAt: at }, config);
  // An offer that cannot ring after all is refused, never dropped in silence.
  const effects = rung.rejected ? refusalEffects(first!.callId, 'notAvailable', at) : rung.effects;
  return { ...transition, state: rung.rejected ? dequeued : rung.state, effects: [...transition.effects, ...effects] };
}

/** What ended a held offer, as the network tells it: it never rang here, so only these outcomes apply. */
function heldOfferOutcome(reason: RemoteEndReason): EndReason {
  return reason === 'answeredElsewhere' || reason === 'transferred' || reason === 'failed' ? reason : 'canceled';
}

/** The network ended the offer while it was held (the caller gave up, or routing gave it to someone else): it goes, with its outcome in the history (002). */
export function heldOfferEnded(state: EngineState, callId: string, reason: RemoteEndReason, at: number, config: EngineConfig): Transition | undefined {
  const desk = deskOf(state);
  const queued = desk.queuedOffers.find((offer) => offer.callId === callId);
  if (!queued) return undefined;
  const entry: HistoryEntry = {
    id: callId, direction: 'inbound', media: queued.media, remote: queued.remote, startedAt: queued.queuedAt, endedAt: at,
    endReason: heldOfferOutcome(reason), endedBy: 'remote', durationMs: 0, heldMs: 0,
  };
  const next = changedDesk(desk, { queuedOffers: desk.queuedOffers.filter((offer) => offer !== queued) });
  return { state: withLists(state, state.calls, prepend(entry, state.history, config.historyLimit), state.missed, state.disposed, next), effects: [] };
}

/** People lookup came back (003): the pop-up shows the name when found, else the number alone. */
export function contactResolved(state: EngineState, event: At<Extract<DeskEvent, { type: 'contactResolved' | 'contactLookupFailed' }>>): Transition {
  const desk = deskOf(state);
  const offered = deskCallOf(desk, event.callId);
  if (!offered || offered.lookup !== 'pending') return unchanged(state); // the call ended, or a late duplicate
  if (event.type === 'contactLookupFailed' || !event.contact) {
    return { state: withDesk(state, withDeskCall(desk, { ...offered, lookup: event.type === 'contactLookupFailed' ? 'failed' : 'notFound' })), effects: [] };
  }
  // Checked where it came in (runtime.ts, parsers.ts): absent fields are left out, so they never wipe what the offer carried.
  const contact = { ...offered.contact, ...event.contact, number: offered.contact.number ?? event.contact.number };
  let next = withDeskCall(desk, { ...offered, contact, lookup: 'found' });
  const conversation = conversationOf(next, offered.conversationId);
  if (conversation) next = withConversation(next, changedConversation(conversation, { customer: { ...conversation.customer, ...contact } }));
  return { state: withDesk(state, next), effects: [] };
}
