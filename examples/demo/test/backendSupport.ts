// The in-memory backend driven without HTTP: a scheduler run by hand, agents
// and visitors that record what they are sent, and a hand-off in one step.
import { expect } from 'vitest';
import type { Scheduler } from '../server/ai/scriptedAgent.js';
import { createBackend } from '../server/backend/index.js';
import type { AgentEvent, VisitorEvent } from '../server/protocol.js';

export function manualScheduler(): Scheduler & { flush(): void } {
  let now = 1_000;
  const due: { at: number; work: () => void; cancelled: boolean }[] = [];
  return {
    now: () => now,
    after(ms, work) {
      const task = { at: now + ms, work, cancelled: false };
      due.push(task);
      return { cancel: () => void (task.cancelled = true) };
    },
    flush() {
      for (let task = due.shift(); task; task = due.shift()) {
        now = Math.max(now, task.at);
        if (!task.cancelled) task.work();
      }
    },
  };
}

export function setUp() {
  const scheduler = manualScheduler();
  const backend = createBackend({ scheduler, mintToken: (room) => `token-for-${room}` });
  const agents: Record<string, AgentEvent[]> = {};
  const visitors: Record<string, VisitorEvent[]> = {};
  /** Closes that agent's desk tab. */
  const leaveAgent: Record<string, () => void> = {};
  const agent = (id: string, availability: 'available' | 'away' = 'available') => {
    agents[id] = [];
    leaveAgent[id] = backend.connectAgent(id, (event) => agents[id]!.push(event))!;
    expect(backend.handle({ type: 'agentStatus', agentId: id, onDuty: true, availability })).toEqual({ ok: true });
  };
  const visitor = (id: string) => {
    visitors[id] = [];
    return backend.connectVisitor(id, (event) => visitors[id]!.push(event));
  };
  const of = <E extends { type: string }, T extends E['type']>(events: E[], type: T) => events.filter((event): event is Extract<E, { type: T }> => event.type === type);
  const handOff = (visitorId: string) => {
    expect(backend.handle({ type: 'startAssistant', visitorId, callId: `call-${visitorId}`, media: 'audio' })).toEqual({ ok: true });
    scheduler.flush();
    expect(backend.handle({ type: 'askForPerson', visitorId })).toEqual({ ok: true });
  };
  return { backend, scheduler, agents, visitors, agent, leaveAgent, visitor, of, handOff };
}
