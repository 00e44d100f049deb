// Where backend events go: each visitor page and each desk page holds one
// event stream; an agent may have several desk tabs, each gets every event.
import type { AgentEvent, VisitorEvent } from '../protocol.js';

export interface Hub {
  toVisitor(visitorId: string, event: VisitorEvent): boolean;
  toAgent(agentId: string, event: AgentEvent): boolean;
  toAgents(event: AgentEvent): void;
  addVisitor(visitorId: string, push: (event: VisitorEvent) => void): () => void;
  addAgent(agentId: string, push: (event: AgentEvent) => void): () => void;
  visitorOnline(visitorId: string): boolean;
  agentOnline(agentId: string): boolean;
}

export function createHub(): Hub {
  const visitors = new Map<string, Set<(event: VisitorEvent) => void>>();
  const agents = new Map<string, Set<(event: AgentEvent) => void>>();
  function add<E>(map: Map<string, Set<(event: E) => void>>, id: string, push: (event: E) => void): () => void {
    const set = map.get(id) ?? new Set();
    set.add(push);
    map.set(id, set);
    return () => {
      set.delete(push);
      if (set.size === 0) map.delete(id);
    };
  }
  function send<E>(map: Map<string, Set<(event: E) => void>>, id: string, event: E): boolean {
    const set = map.get(id);
    for (const push of set ?? []) push(event);
    return set !== undefined;
  }
  return {
    toVisitor: (id, event) => send(visitors, id, event),
    toAgent: (id, event) => send(agents, id, event),
    toAgents(event) {
      for (const id of agents.keys()) send(agents, id, event);
    },
    addVisitor: (id, push) => add(visitors, id, push),
    addAgent: (id, push) => add(agents, id, push),
    visitorOnline: (id) => visitors.has(id),
    agentOnline: (id) => agents.has(id),
  };
}
