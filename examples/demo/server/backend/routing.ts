// Routing of calls to agents: an offer rings every agent who can take it now
// (on duty, available, in the queue) and the first claim wins; the others see
// the offer go. Transfers are offers too, to one agent or to a queue's
// available agents, and the transferring agent hears how it went. Every call
// has its own signaling room; only its parties get a token for it.
import type { AgentEvent, ChatLine, MediaKind, RoomRole, TransferTargetInput } from '../protocol.js';
import { avatarUrl, type Directory, queues } from './directory.js';
import type { Hub } from './hub.js';

export interface Visitor {
  id: string;
  name: string;
  number: string;
}

export interface RoutedCall {
  callId: string;
  visitor: Visitor;
  media: MediaKind;
  queue: string;
  conversationId: string;
  handoff: boolean;
  summary?: string;
  transcript: ChatLine[];
  /** Who dials the visitor's side of the room: the desk, or the visitor (Recall). */
  roomRole: RoomRole;
  offeredTo: Set<string>;
  owner?: string;
  /** The desk tab that won the claim. */
  ownerTab?: string;
  transferOf?: { agentId: string; transferId: string; callId: string };
  /** A hand-off: the visitor's call with the assistant that the person takes over. */
  visitorCallId?: string;
  state: 'offered' | 'claimed' | 'ended';
}

export interface RoutingOptions {
  hub: Hub;
  directory: Directory;
  mintToken(room: string): string;
  /** A hand-off the visitor waits on was claimed: tell the visitor who is joining. */
  onClaimed(call: RoutedCall, agentId: string): void;
  /** Nobody is left to take an offer. */
  onUnanswered(call: RoutedCall): void;
}

export type ClaimResult = { claimed: true; token: string } | { claimed: false; reason: string };

export interface Routing {
  offer(call: Omit<RoutedCall, 'offeredTo' | 'state'>, to?: string[]): number;
  claim(agentId: string, callId: string, tab: string): ClaimResult;
  decline(agentId: string, callId: string, tab: string): void;
  /** The visitor gave up or the call ended: ringing cards disappear (002). */
  withdraw(callId: string): void;
  /** The visitor's page went away: every offer of theirs still ringing goes, a transfer's too. */
  visitorGone(visitorId: string): void;
  /** An agent's last desk tab closed: offers ringing them are theirs no more, and go to nobody if only they had them. */
  agentGone(agentId: string): void;
  /** The visitor is in a call someone took and nobody has ended. */
  inCall(visitorId: string): boolean;
  dial(agentId: string, call: Omit<RoutedCall, 'offeredTo' | 'state' | 'owner'>): string;
  transfer(agentId: string, callId: string, transferId: string, target: TransferTargetInput): string | undefined;
  get(callId: string): RoutedCall | undefined;
  tokenFor(party: { role: 'visitor' | 'agent'; id: string }, callId: string): string | undefined;
  ended(callId: string): void;
}

export function createRouting(options: RoutingOptions): Routing {
  const { hub, directory } = options;
  const calls = new Map<string, RoutedCall>();
  let transfers = 0;

  const offerEvent = (call: RoutedCall): AgentEvent => ({
    type: 'offer', callId: call.callId, media: call.media, queue: call.queue, conversationId: call.conversationId,
    remote: { id: call.visitor.id, name: call.visitor.name, number: call.visitor.number },
    handoff: call.handoff, transcript: call.transcript.filter((line) => line.from === 'assistant' || line.from === 'visitor')
      .map((line) => ({ at: line.at, speaker: line.from === 'visitor' ? 'caller' as const : 'ai' as const, text: line.text })), roomRole: call.roomRole, token: options.mintToken(call.callId),
    ...(call.summary ? { summary: call.summary } : {}),
    ...(call.transferOf ? { transferOf: { agentId: call.transferOf.agentId, transferId: call.transferOf.transferId } } : {}),
  });

  const transferUpdate = (call: RoutedCall, stage: 'ringing' | 'completed' | 'failed', reason?: 'offline' | 'busy' | 'rejected' | 'noAnswer' | 'error') => {
    if (!call.transferOf) return;
    const { agentId, transferId, callId } = call.transferOf;
    hub.toAgent(agentId, { type: 'transferUpdate', callId, transferId, stage, ...(reason ? { reason } : {}) });
  };

  /** `agentId` will not take the offer; nobody left to ring is the caller's answer. */
  function declined(call: RoutedCall, agentId: string): void {
    if (call.state !== 'offered' || !call.offeredTo.delete(agentId)) return;
    if (call.offeredTo.size > 0) return;
    call.state = 'ended';
    transferUpdate(call, 'failed', 'rejected');
    options.onUnanswered(call);
  }

  function withdraw(callId: string): void {
    const call = calls.get(callId);
    if (!call || call.state !== 'offered') return;
    call.state = 'ended';
    for (const agentId of call.offeredTo) hub.toAgent(agentId, { type: 'offerGone', callId, reason: 'canceled' });
    transferUpdate(call, 'failed', 'noAnswer');
  }

  function offer(input: Omit<RoutedCall, 'offeredTo' | 'state'>, to?: string[]): number {
    const candidates = (to ?? directory.all().map((agent) => agent.id))
      .filter((agentId) => agentId !== input.transferOf?.agentId && directory.canTake(agentId, input.queue) && hub.agentOnline(agentId));
    const call: RoutedCall = { ...input, offeredTo: new Set(candidates), state: 'offered' };
    calls.set(call.callId, call);
    for (const agentId of candidates) hub.toAgent(agentId, offerEvent(call));
    if (candidates.length === 0) {
      call.state = 'ended';
      options.onUnanswered(call);
    }
    return candidates.length;
  }

  return {
    offer,
    claim(agentId, callId, tab) {
      const call = calls.get(callId);
      if (!call || !call.offeredTo.has(agentId)) return { claimed: false, reason: `Call ${callId} was not offered to ${agentId}` };
      // The same tab asking again (its hand-off claim, then its connect) keeps what it won; another tab of the same agent does not.
      if (call.state === 'claimed' && call.owner === agentId && call.ownerTab === tab) return { claimed: true, token: options.mintToken(callId) };
      if (call.state !== 'offered') return { claimed: false, reason: call.owner ? `${call.owner} took the call first` : 'The caller has gone' };
      call.state = 'claimed';
      call.owner = agentId;
      call.ownerTab = tab;
      for (const other of call.offeredTo) if (other !== agentId) hub.toAgent(other, { type: 'offerGone', callId, reason: 'answeredElsewhere' });
      // A transfer that went through: the visitor is the new agent's now, not the old one's to transfer again.
      const source = call.transferOf ? calls.get(call.transferOf.callId) : undefined;
      if (source) source.state = 'ended';
      transferUpdate(call, 'completed');
      options.onClaimed(call, agentId);
      return { claimed: true, token: options.mintToken(callId) };
    },
    decline(agentId, callId, tab) {
      const call = calls.get(callId);
      if (!call) return;
      // A claim won too late (the desk's ring ran out first) goes back to the others, who were told it was taken.
      if (call.state === 'claimed' && call.owner === agentId && call.ownerTab === tab && call.roomRole !== 'answer') {
        call.state = 'offered';
        call.owner = undefined;
        call.ownerTab = undefined;
        for (const other of call.offeredTo) if (other !== agentId) hub.toAgent(other, offerEvent(call));
      }
      declined(call, agentId);
    },
    withdraw,
    visitorGone(visitorId) {
      for (const call of calls.values()) if (call.visitor.id === visitorId) withdraw(call.callId);
    },
    agentGone(agentId) {
      for (const call of calls.values()) declined(call, agentId);
    },
    inCall: (visitorId) => [...calls.values()].some((call) => call.visitor.id === visitorId && call.state === 'claimed'),
    dial(agentId, input) {
      calls.set(input.callId, { ...input, owner: agentId, offeredTo: new Set([agentId]), state: 'claimed' });
      return options.mintToken(input.callId);
    },
    transfer(agentId, callId, transferId, target) {
      const call = calls.get(callId);
      if (!call || call.owner !== agentId || call.state !== 'claimed') return `Call ${callId} is not ${agentId}'s`;
      // The visitor's leg moves to a new room: a p2p room is one call and cannot be re-joined once it ends.
      const next = {
        ...call, callId: `${callId}-t${++transfers}`, roomRole: 'dial' as const, transferOf: { agentId, transferId, callId }, handoff: false,
      };
      const fail = (reason: 'offline' | 'busy' | 'error') => hub.toAgent(agentId, { type: 'transferUpdate', callId, transferId, stage: 'failed', reason });
      if (target.kind === 'external') {
        // The demo has no phone gateway: the transfer fails and the call returns to the agent (003).
        fail('error');
        return undefined;
      }
      if (target.kind === 'agent') {
        const agent = directory.agent(target.agentId);
        if (!agent || !hub.agentOnline(target.agentId)) return void fail('offline');
        if (!directory.canTake(target.agentId, call.queue)) return void fail('busy');
        offer(next, [target.agentId]);
      } else {
        if (!queues[target.queue]?.autoAssign) return `Queue ${target.queue} does not assign agents automatically`;
        if (offer({ ...next, queue: target.queue }) === 0) return void fail('busy');
      }
      hub.toAgent(agentId, { type: 'transferUpdate', callId, transferId, stage: 'ringing' });
      return undefined;
    },
    get: (callId) => calls.get(callId),
    tokenFor(party, callId) {
      const call = calls.get(callId);
      if (!call || call.state === 'ended') return undefined;
      // Once claimed, the room is the winner's: an agent who only saw it ring has no part in it.
      const member = party.role === 'visitor' ? call.visitor.id === party.id : call.owner === party.id || (call.state === 'offered' && call.offeredTo.has(party.id));
      return member ? options.mintToken(callId) : undefined;
    },
    ended(callId) {
      const call = calls.get(callId);
      if (call) call.state = 'ended';
      // A transfer of this call still ringing goes with it: there is nobody left to take over.
      for (const other of calls.values()) if (other.transferOf?.callId === callId) withdraw(other.callId);
    },
  };
}

export { avatarUrl };
