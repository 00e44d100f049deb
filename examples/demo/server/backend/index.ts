// The demo's in-memory backend: one object that takes validated commands from
// the pages and pushes events back. State lives only as long as the process.
import type { Scheduler } from '../ai/scriptedAgent.js';
import type { AgentEvent, Command, CommandResult, VisitorEvent } from '../protocol.js';
import { createCallbacks } from './callbacks.js';
import { avatarUrl, createDirectory, externalPolicy, fromNumbers, handoffQueue, people, queues } from './directory.js';
import { createHistory } from './history.js';
import { createHub } from './hub.js';
import { createRouting, type RoutedCall } from './routing.js';
import { createVisitors } from './visitors.js';

export interface BackendOptions {
  scheduler: Scheduler;
  mintToken(room: string): string;
  /** The assistant's pause between lines. */
  typingMs?: number;
}

export interface Backend {
  handle(command: Command): CommandResult;
  connectVisitor(visitorId: string, push: (event: VisitorEvent) => void): () => void;
  connectAgent(agentId: string, push: (event: AgentEvent) => void): (() => void) | undefined;
  agent(agentId: string): { name: string } | undefined;
}

export function createBackend(options: BackendOptions): Backend {
  const hub = createHub();
  const directory = createDirectory();
  const callbacks = createCallbacks();
  const history = createHistory();
  const now = () => options.scheduler.now();

  const publishDirectory = () => hub.toAgents({ type: 'directory', agents: directory.all() });
  const publishVisitors = () => {
    hub.toAgents({ type: 'visitors', visitors: visitors.cards() });
    hub.toAgents({ type: 'people', contacts: contacts() });
  };
  const contacts = () => [...people, ...visitors.cards().map(({ id, name, number }) => ({ id, name, number }))];
  const agentOf = (agentId: string) => {
    const agent = directory.agent(agentId);
    return agent && { id: agent.id, name: agent.name, avatarUrl: agent.avatarUrl };
  };

  const visitors = createVisitors({ hub, scheduler: options.scheduler, routing: () => routing, typingMs: options.typingMs, onChange: publishVisitors });

  function claimed(call: RoutedCall, agentId: string): void {
    const agent = agentOf(agentId)!;
    const token = options.mintToken(call.callId);
    visitors.setActivity(call.visitor.id, 'inCall');
    // Recall: the visitor's own call rings the agent; nothing to announce.
    if (call.roomRole === 'answer') return;
    if (call.handoff && !call.transferOf && call.visitorCallId) {
      hub.toVisitor(call.visitor.id, { type: 'chat', line: { from: 'system', text: `${agent.name} is joining the conversation`, at: now() } });
      hub.toVisitor(call.visitor.id, { type: 'personJoining', callId: call.callId, forCallId: call.visitorCallId, agent, media: call.media, token });
    } else {
      hub.toVisitor(call.visitor.id, { type: 'incomingCall', callId: call.callId, agent, media: call.media, token, ...(call.transferOf ? { transferred: true } : {}) });
    }
  }

  function unanswered(call: RoutedCall): void {
    if (!call.handoff || call.transferOf) return;
    hub.toVisitor(call.visitor.id, { type: 'assistantState', state: 'noOneOnDuty' });
    hub.toVisitor(call.visitor.id, { type: 'chat', line: { from: 'system', text: 'No one can take the call right now. Leave your number and we will call you back.', at: now() } });
  }

  /** A call id a client names for a new call must be new, and not a call link's room (those are joined by their link only). */
  const takenCallId = (callId: string): string | undefined =>
    routing.get(callId) ? `Call ${callId} exists already` : callId.startsWith('link-') ? `${callId} is a call link's room` : undefined;

  const routing = createRouting({ hub, directory, mintToken: options.mintToken, onClaimed: claimed, onUnanswered: unanswered });

  const publishCallbacks = () => hub.toAgents({ type: 'callbacks', callbacks: callbacks.list() });
  const fail = (error: string): CommandResult => ({ ok: false, error });
  const ok: CommandResult = { ok: true };

  function handle(command: Command): CommandResult {
    switch (command.type) {
      case 'startAssistant': visitors.startAssistant(command.visitorId, command.callId, command.media); return ok;
      case 'assistantDone': visitors.assistantDone(command.visitorId); return ok;
      case 'visitorSay': visitors.say(command.visitorId, command.text); return ok;
      case 'askForPerson': visitors.askForPerson(command.visitorId); return ok;
      case 'endAssistant': visitors.endAssistant(command.visitorId); return ok;
      case 'requestCallback': {
        const visitor = visitors.get(command.visitorId);
        if (!visitor) return fail(`Unknown visitor ${command.visitorId}`);
        const callback = callbacks.request({ id: visitor.id, name: visitor.name, number: command.number }, handoffQueue, `conv-${visitor.id}`, now());
        hub.toVisitor(visitor.id, { type: 'callbackRequested', callback });
        publishCallbacks();
        return ok;
      }
      case 'recall': {
        const visitor = visitors.get(command.visitorId);
        if (!visitor) return fail(`Unknown visitor ${command.visitorId}`);
        const taken = takenCallId(command.callId);
        if (taken) return fail(taken);
        const offered = routing.offer({
          callId: command.callId, visitor, media: command.media, queue: handoffQueue, conversationId: `conv-${visitor.id}`,
          handoff: false, roomRole: 'answer', transcript: [],
        }, [command.agentId]);
        return offered > 0 ? { ok: true, token: options.mintToken(command.callId) } : fail(`${agentOf(command.agentId)?.name ?? command.agentId} cannot take calls right now`);
      }
      case 'agentStatus':
        if (!directory.setStatus(command.agentId, command.onDuty, command.availability)) return fail(`Unknown agent ${command.agentId}`);
        publishDirectory();
        return ok;
      case 'claimOffer': {
        const result = routing.claim(command.agentId, command.callId, command.tab);
        return result.claimed ? { ok: true, claimed: true, token: result.token } : { ok: true, claimed: false };
      }
      case 'declineOffer': routing.decline(command.agentId, command.callId, command.tab); return ok;
      case 'dialVisitor': {
        if (!directory.agent(command.agentId) || !hub.agentOnline(command.agentId)) return fail(`${command.agentId} is not a signed-in agent`);
        const taken = takenCallId(command.callId);
        if (taken) return fail(taken);
        const visitor = visitors.byNumber(command.number);
        if (!visitor || !hub.visitorOnline(visitor.id)) return fail(`No visitor with ${command.number} is on the site right now`);
        const token = routing.dial(command.agentId, {
          callId: command.callId, visitor, media: command.media, queue: handoffQueue, conversationId: `conv-${visitor.id}`,
          handoff: false, roomRole: 'dial', transcript: [],
        });
        claimed(routing.get(command.callId)!, command.agentId);
        return { ok: true, token };
      }
      case 'transfer': {
        const problem = routing.transfer(command.agentId, command.callId, command.transferId, command.target);
        return problem ? fail(problem) : ok;
      }
      case 'callEnded': {
        const call = routing.get(command.callId);
        // Only the desk that has the call ends it; the others only saw it ring.
        if (call && call.owner !== command.agentId) return ok;
        routing.ended(command.callId);
        // After a transfer the visitor is still in a call, with the new agent.
        if (call && !routing.inCall(call.visitor.id)) visitors.setActivity(call.visitor.id, 'browsing');
        const recording = history.record({
          callId: command.callId, agentId: command.agentId, visitorName: call?.visitor.name ?? 'Unknown caller', media: command.media,
          reason: command.reason, durationMs: command.durationMs, endedAt: now(), ...(call ? { number: call.visitor.number } : {}),
        });
        hub.toAgent(command.agentId, { type: 'history', calls: history.calls(command.agentId) });
        if (recording) hub.toAgent(command.agentId, { type: 'recordings', recordings: history.recordings(command.agentId) });
        return ok;
      }
      case 'callbackStatus': {
        const result = callbacks.report(command.agentId, command);
        if (typeof result === 'string') return fail(result);
        publishCallbacks();
        return ok;
      }
      case 'roomToken': {
        const token = routing.tokenFor(command.party, command.callId);
        return token ? { ok: true, token } : fail(`${command.party.id} is not a party of call ${command.callId}`);
      }
    }
  }

  return {
    agent: (agentId) => directory.agent(agentId),
    handle(command) {
      try {
        return handle(command);
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
      }
    },
    connectVisitor(visitorId, push) {
      const visitor = visitors.hello(visitorId);
      const leave = hub.addVisitor(visitorId, push);
      push({ type: 'welcome', visitorId, name: visitor.name, number: visitor.number });
      publishVisitors();
      return () => {
        leave();
        if (!hub.visitorOnline(visitorId)) {
          visitors.endAssistant(visitorId);
          routing.visitorGone(visitorId);
        }
        publishVisitors();
      };
    },
    connectAgent(agentId, push) {
      const agent = directory.agent(agentId);
      if (!agent) return undefined;
      const leave = hub.addAgent(agentId, push);
      push({ type: 'welcome', agent, queues, fromNumbers, externalPolicy });
      push({ type: 'directory', agents: directory.all() });
      push({ type: 'visitors', visitors: visitors.cards() });
      push({ type: 'people', contacts: contacts() });
      push({ type: 'callbacks', callbacks: callbacks.list() });
      push({ type: 'history', calls: history.calls(agentId) });
      push({ type: 'recordings', recordings: history.recordings(agentId) });
      return () => {
        leave();
        if (!hub.agentOnline(agentId)) {
          directory.disconnected(agentId);
          routing.agentGone(agentId);
          publishDirectory();
        }
      };
    },
  };
}

export { avatarUrl };
