// Callback requests (003): a visitor who could not reach anyone leaves a
// number. The backend keeps the list every desk shares; each desk's engine
// runs the callback itself (assign to me, call, no reply, done) and reports
// each status change, which the backend records and passes on.
import type { CallbackRecord } from '../protocol.js';

export interface CallbackReport {
  callbackId: string;
  status: CallbackRecord['status'];
  assignee: string | null;
  attempts: number;
}

export interface Callbacks {
  /** A new request, or undefined when that number already waits (logged by the desk as asked again). */
  request(customer: { id: string; name: string; number: string }, queue: string, conversationId: string, at: number): CallbackRecord;
  report(agentId: string, report: CallbackReport): CallbackRecord | string;
  list(): CallbackRecord[];
}

export function createCallbacks(): Callbacks {
  const requests: CallbackRecord[] = [];
  let next = 1;
  return {
    request(customer, queue, conversationId, at) {
      const open = requests.find((known) => known.customer.number === customer.number && known.status !== 'done');
      if (open) return open;
      const created: CallbackRecord = {
        id: `cb-${next++}`, conversationId, customer, mode: 'manual', queue, status: 'queued', assignee: null, requestedAt: at, attempts: 0, calls: 0,
      };
      requests.push(created);
      return created;
    },
    report(agentId, report) {
      const request = requests.find((known) => known.id === report.callbackId);
      if (!request) return `No callback ${report.callbackId}`;
      // First assignment wins: a second agent's "assign to me" for a taken request is refused.
      if (request.assignee !== null && request.assignee !== agentId && report.assignee === agentId) return `Callback ${report.callbackId} is assigned to ${request.assignee}`;
      if (request.assignee !== null && request.assignee !== agentId) return `Callback ${report.callbackId} is not assigned to ${agentId}`;
      // An agent takes a callback for themselves or gives it back to the queue; never hands it to someone else.
      if (report.assignee !== null && report.assignee !== agentId) return `${agentId} cannot assign callback ${report.callbackId} to ${report.assignee}`;
      request.status = report.status;
      request.assignee = report.assignee;
      request.attempts = Math.max(request.attempts, report.attempts);
      request.calls = Math.max(request.calls, report.attempts);
      return request;
    },
    list: () => requests.map((request) => ({ ...request, customer: { ...request.customer } })),
  };
}
