// Callback requests (003): a visitor who could not reach anyone leaves a
// number; the request waits in its queue until an agent assigns it to
// themselves, then goes active, no reply or done, each step logged.
import type { CallbackRequest } from '../protocol.js';

export interface Callbacks {
  request(name: string, number: string, queue: string, at: number): CallbackRequest;
  assign(callbackId: string, agentId: string, at: number): CallbackRequest | string;
  outcome(callbackId: string, agentId: string, outcome: 'active' | 'noReply' | 'done', at: number): CallbackRequest | string;
  list(): CallbackRequest[];
}

const allowed: Record<CallbackRequest['status'], CallbackRequest['status'][]> = {
  inQueue: [],
  assigned: ['active', 'noReply', 'done'],
  active: ['noReply', 'done'],
  noReply: ['active', 'done'],
  done: [],
};

const said: Record<'active' | 'noReply' | 'done', string> = { active: 'Callback call started', noReply: 'The customer did not answer', done: 'Callback done' };

export function createCallbacks(): Callbacks {
  const requests: CallbackRequest[] = [];
  let next = 1;
  const find = (callbackId: string) => requests.find((known) => known.id === callbackId);
  return {
    request(name, number, queue, at) {
      // A second request from the same number is logged on the open one, not queued twice (003 event log).
      const open = requests.find((known) => known.number === number && known.status !== 'done');
      if (open) {
        open.log.push({ at, text: 'Another callback was requested' });
        return open;
      }
      const created: CallbackRequest = { id: `cb-${next++}`, name, number, queue, status: 'inQueue', requestedAt: at, log: [{ at, text: 'Callback requested' }] };
      requests.push(created);
      return created;
    },
    assign(callbackId, agentId, at) {
      const request = find(callbackId);
      if (!request) return `No callback ${callbackId}`;
      if (request.status !== 'inQueue') return `Callback ${callbackId} is already ${request.status}`;
      request.status = 'assigned';
      request.assignee = agentId;
      request.log.push({ at, text: `Assigned to ${agentId}` });
      return request;
    },
    outcome(callbackId, agentId, outcome, at) {
      const request = find(callbackId);
      if (!request) return `No callback ${callbackId}`;
      if (request.assignee !== agentId) return `Callback ${callbackId} is not assigned to ${agentId}`;
      if (!allowed[request.status].includes(outcome)) return `Callback ${callbackId} cannot go from ${request.status} to ${outcome}`;
      request.status = outcome;
      request.log.push({ at, text: said[outcome] });
      return request;
    },
    list: () => requests.map((request) => ({ ...request, log: [...request.log] })),
  };
}
