// The agent's side of the AI handing a live call to a human (002). The
// caller stays on the line with the AI while the hand-off card rings; Accept
// connects the agent to that same call. Two tabs of one agent (or two agents)
// can click Accept on the same card: each click makes a claim with a token
// unique to the tab and call, the backend lets the first token win, and
// only the winning tab's reducer goes on to accept. The loser's card ends as
// answered elsewhere with a typed `claimedElsewhere` error. The token is the
// same for every click of one tab on one card: a claim whose answer was lost
// is made again with it, and the backend, which may have recorded the first
// one, answers the retry as the same claim instead of as a rival.
import type { EngineConfig } from '../config.js';
import type { Effect } from '../events.js';
import type { EngineState, MediaKind } from '../model.js';
import { reduce, withTone } from '../reducer/index.js';
import { endCall } from '../reducer/lifecycle.js';
import { getCall } from '../selectors.js';
import { reject, unchanged, type Transition } from '../reducer/transition.js';
import type { DeskConfig } from './config.js';
import { deskRefusal } from './errors.js';
import type { DeskEvent } from './events.js';
import type { DeskCall, DeskState, QueuedOffer, TranscriptLine } from './model.js';
import { changedDesk, type At, deskCallOf, deskOf, logEvent, refuse, withDesk, withDeskCall } from './state.js';

/** Transcript lines kept per conversation; the backend keeps the full record. */
const transcriptLimit = 500;

/**
 * Accept on a hand-off card. The call reducer is asked first, on the side,
 * whether the accept would apply (ring not expired, no other live call), so
 * a claim is only made for an accept that could succeed; the accept itself
 * waits for the claim.
 */
export function acceptHandoff(state: EngineState, event: At<{ callId: string; media?: MediaKind }>, deskCall: DeskCall, config: EngineConfig, desk: DeskConfig): Transition {
  const token = claimToken(desk, deskCall.callId);
  // A second click while this page's claim is on its way waits for it (a reload starts without claims: rehydratedDesk).
  if (deskCall.claim?.token === token) return refuse(state, 'claimPending', `Accepting ${deskCall.callId} is being confirmed`, deskCall.callId);
  const trial = reduce(state, { type: 'accept', ...event }, config);
  if (trial.rejected) return trial;
  const claim = { token, at: event.at, ...(event.media === undefined ? {} : { media: event.media }) };
  return {
    state: withDesk(state, withDeskCall(deskOf(state), { ...deskCall, claim })),
    effects: [{ type: 'desk', action: 'claimHandoff', callId: deskCall.callId, token }],
  };
}

export function handoffClaimed(state: EngineState, event: At<Extract<DeskEvent, { type: 'handoffClaimed' }>>, config: EngineConfig, desk: DeskConfig): Transition {
  if (event.token !== claimToken(desk, event.callId)) return unchanged(state);
  const deskCall = deskCallOf(deskOf(state), event.callId);
  const call = getCall(state, event.callId);
  const release: Effect = { type: 'desk', action: 'releaseHandoff', callId: event.callId, token: event.token };
  // Won for a card that has gone (the caller hung up, the ring ran out): give the call back to the routing side.
  if (!deskCall || !call) return { state, effects: [release] };
  // A repeated answer for a card already accepted.
  if (call.phase !== 'ringing') return unchanged(state);
  // Without a claim on its way, this is the late answer to a claim reported as failed: the backend gave this tab
  // the call, and the agent had clicked Accept, so it is taken as the click's answer rather than left held by nobody.
  const { claim, ...rest } = deskCall;
  const cleared = claim ? withDesk(state, withDeskCall(deskOf(state), rest)) : state;
  const accepted = reduce(cleared, { type: 'accept', callId: event.callId, at: event.at, ...(claim?.media === undefined ? {} : { media: claim.media }) }, config);
  if (!accepted.rejected) return accepted;
  // The ring ran out between the click and the answer: the deadline decided (missed), and the claim goes back.
  return accepted.state === state ? { state, effects: [release], rejected: accepted.rejected } : { ...accepted, effects: [...accepted.effects, release] };
}

/** The same for every click of this tab on this card, so a retried claim is the same claim to the backend. */
function claimToken(desk: DeskConfig, callId: string): string {
  return `${desk.tabId}:${callId}`;
}

export function handoffClaimFailed(state: EngineState, event: At<Extract<DeskEvent, { type: 'handoffClaimFailed' }>>, config: EngineConfig): Transition {
  const desk = deskOf(state);
  const deskCall = deskCallOf(desk, event.callId);
  const call = getCall(state, event.callId);
  if (!deskCall?.claim || deskCall.claim.token !== event.token || !call) return unchanged(state);
  const { claim: _lost, ...rest } = deskCall;
  if (event.reason !== 'claimedElsewhere') {
    // The backend could not decide: the card stays and Accept can be clicked again (002: "click Accept again").
    const error = { code: 'commandFailed' as const, message: `Accepting ${event.callId} could not be confirmed`, callId: event.callId };
    return { state: withDesk(state, withDeskCall(desk, rest)), effects: [{ type: 'error', error }] };
  }
  const logged = logEvent(withDeskCall(desk, rest), deskCall.conversationId, { at: event.at, kind: 'handoffClaimedElsewhere', callId: event.callId });
  const ended = withTone(state, endCall(withDesk(state, logged), call, 'answeredElsewhere', 'remote', event.at, config));
  const error = deskRefusal('claimedElsewhere', `The hand-off ${event.callId} was taken in another tab or by another agent`, event.callId);
  return { ...ended, effects: [...ended.effects, { type: 'error', error }] };
}

/** The AI's summary and transcript as the call goes on, shown on the card and beside the call (002). */
export function handoffUpdated(state: EngineState, event: At<Extract<DeskEvent, { type: 'handoffUpdated' }>>): Transition {
  const desk = deskOf(state);
  const deskCall = deskCallOf(desk, event.callId);
  if (!deskCall) return desk.queuedOffers.some((queued) => queued.callId === event.callId) ? heldHandoffUpdated(state, event) : transcriptAfterEnd(state, event);
  if (deskCall.kind !== 'handoff') return reject(state, 'unknownCall', `No hand-off ${event.callId}`, event.callId);
  let next: DeskState = event.summary === undefined || event.summary === deskCall.summary ? desk : withDeskCall(desk, { ...deskCall, summary: event.summary });
  const lines = event.lines ?? [];
  if (lines.length > 0) {
    next = withTranscript(next, deskCall.conversationId, lines);
    next = logEvent(next, deskCall.conversationId, { at: event.at, kind: 'aiTranscript', callId: event.callId, detail: `${lines.length} lines` });
  }
  return next === desk ? unchanged(state) : { state: withDesk(state, next), effects: [] };
}

/** A hand-off held while the agent is busy: the AI talks on, and its card rings with all of it. */
function heldHandoffUpdated(state: EngineState, event: At<Extract<DeskEvent, { type: 'handoffUpdated' }>>): Transition {
  const desk = deskOf(state);
  const queued = desk.queuedOffers.find((offer) => offer.callId === event.callId)!;
  if (!queued.handoff) return reject(state, 'unknownCall', `No hand-off ${event.callId}`, event.callId);
  const lines = event.lines ?? [];
  if (lines.length === 0 && (event.summary === undefined || event.summary === queued.summary)) return unchanged(state);
  const updated: QueuedOffer = { ...queued };
  if (event.summary !== undefined) updated.summary = event.summary;
  if (lines.length > 0) updated.lines = [...(queued.lines ?? []), ...lines].slice(-transcriptLimit);
  const queuedOffers = desk.queuedOffers.map((offer) => (offer === queued ? updated : offer));
  return { state: withDesk(state, changedDesk(desk, { queuedOffers })), effects: [] };
}

/** The lines a held hand-off gathered, now beside the call that rings for it. */
export function heldTranscript(desk: DeskState, offered: QueuedOffer, conversationId: string): DeskState {
  const lines = offered.lines ?? [];
  if (lines.length === 0) return desk;
  return logEvent(withTranscript(desk, conversationId, lines), conversationId, { at: offered.queuedAt, kind: 'aiTranscript', callId: offered.callId, detail: `${lines.length} lines` });
}

/**
 * The AI's last lines can arrive after the card or the call has gone: they
 * still belong on the conversation page (002: the full conversation is
 * there), also when they are the first (the card carried only a summary).
 * The conversation is the one that logged this call, one answered and
 * ended here: an offer missed here or answered elsewhere gets no lines.
 */
function transcriptAfterEnd(state: EngineState, event: At<Extract<DeskEvent, { type: 'handoffUpdated' }>>): Transition {
  const desk = deskOf(state);
  const lines = event.lines ?? [];
  const endedHere = state.history.some((entry) => entry.id === event.callId && entry.connectedAt !== undefined);
  const conversation = endedHere ? desk.conversations.find((candidate) => candidate.timeline.some((entry) => entry.callId === event.callId)) : undefined;
  if (!conversation || lines.length === 0) return reject(state, 'unknownCall', `No hand-off ${event.callId}`, event.callId);
  const next = logEvent(withTranscript(desk, conversation.id, lines), conversation.id, { at: event.at, kind: 'aiTranscript', callId: event.callId, detail: `${lines.length} lines` });
  return { state: withDesk(state, next), effects: [] };
}

function withTranscript(desk: DeskState, conversationId: string, lines: readonly TranscriptLine[]): DeskState {
  const index = desk.transcripts.findIndex((transcript) => transcript.conversationId === conversationId);
  const before = index < 0 ? [] : desk.transcripts[index]!.lines;
  const transcript = { conversationId, lines: [...before, ...lines].slice(-transcriptLimit) };
  const transcripts = desk.transcripts.slice();
  if (index < 0) transcripts.push(transcript);
  else transcripts[index] = transcript;
  return changedDesk(desk, { transcripts });
}
