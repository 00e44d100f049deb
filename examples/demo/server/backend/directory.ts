// The contact center the demo runs: agents with their queues, the queues
// (one assigns agents automatically and takes transfers, one does not), the
// numbers calls go out from, People (contacts by number), and each agent's
// duty and availability as their desk reports it.
import type { AgentCard } from '../protocol.js';

export interface QueueSettings {
  name: string;
  autoAssign: boolean;
  holdAudio?: { kind: 'music' | 'announcement'; url: string };
}

export const queues: Record<string, QueueSettings> = {
  support: { name: 'Customer support', autoAssign: true, holdAudio: { kind: 'music', url: '/audio/hold.wav' } },
  sales: { name: 'Sales', autoAssign: false },
};

/** The queue the assistant hands visitors to. */
export const handoffQueue = 'support';

export const fromNumbers = ['+14155550100', '+14155550101'];

export const externalPolicy = 'contactsOnly' as const;

const roster = [
  { id: 'ann', name: 'Ann Lee', queues: ['support', 'sales'] },
  { id: 'bob', name: 'Bob Stone', queues: ['support'] },
  { id: 'cara', name: 'Cara Diaz', queues: ['sales'] },
];

export type Availability = 'offDuty' | 'offline' | 'away' | 'busy' | 'onCall' | 'ringing' | 'wrapUp' | 'available';

export interface Directory {
  agent(id: string): AgentCard | undefined;
  all(): AgentCard[];
  /** Whether an offer may ring this agent now: on duty, available, in the queue. */
  canTake(agentId: string, queue: string): boolean;
  setStatus(agentId: string, onDuty: boolean, availability: Availability): boolean;
  /** A desk page closed: that agent is offline until a desk reports again. */
  disconnected(agentId: string): void;
}

export function avatarUrl(agentId: string): string {
  return `/avatars/${agentId}.svg`;
}

export function createDirectory(): Directory {
  const status = new Map<string, { onDuty: boolean; availability: Availability }>();
  const presenceOf = (agentId: string): AgentCard['presence'] => {
    const current = status.get(agentId);
    if (!current || !current.onDuty || current.availability === 'offDuty' || current.availability === 'offline') return 'offline';
    if (current.availability === 'available') return 'available';
    return current.availability === 'away' ? 'away' : 'busy';
  };
  const card = (entry: (typeof roster)[number]): AgentCard => ({ ...entry, avatarUrl: avatarUrl(entry.id), presence: presenceOf(entry.id) });
  return {
    agent(id) {
      const entry = roster.find((known) => known.id === id);
      return entry && card(entry);
    },
    all: () => roster.map(card),
    canTake(agentId, queue) {
      const entry = roster.find((known) => known.id === agentId);
      return entry !== undefined && entry.queues.includes(queue) && presenceOf(agentId) === 'available';
    },
    setStatus(agentId, onDuty, availability) {
      if (!roster.some((known) => known.id === agentId)) return false;
      status.set(agentId, { onDuty, availability });
      return true;
    },
    disconnected(agentId) {
      status.delete(agentId);
    },
  };
}

/** People: contacts the desk can look up by number and transfer to (003). */
export const people = [
  { id: 'billing', name: 'Billing partner (Acme Pay)', number: '+14155550123' },
  { id: 'logistics', name: 'Logistics desk', number: '+442071234567' },
];
