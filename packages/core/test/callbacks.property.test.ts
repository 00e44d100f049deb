// Properties of callbacks (003) under random interleavings of requests, the
// agent's clicks, customers answering or not, wrap-up, duty and time, with a
// random retry policy: a callback is in exactly one status and only moves
// along 003's transitions; attempts never exceed the policy; a retry is
// only scheduled while attempts are left; at most one callback is active at
// a time. Replay a failure with FC_SEED / FC_PATH.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentAvailability, callbackTransitions, getCall, type Callback, type CallbackStatus, type DeskEffect } from '../src/index.js';
import { deskHarness } from './deskSupport.js';
import { fcParameters } from './fcSettings.js';

const numbers = ['+14155550111', '+14155550112', '+14155550113'] as const;
const FROM = '+14155550100';

type Action =
  | { kind: 'request'; mode: 'automated' | 'manual'; customer: number }
  | { kind: 'assign' | 'start'; pick: number }
  | { kind: 'accept' | 'decline' | 'customerAnswers' | 'agentHangsUp' }
  | { kind: 'customerGone'; reason: 'noAnswer' | 'busy' | 'declined' | 'hangup' }
  | { kind: 'closeWrapUp' }
  /** A whole answered call in one step (accept if it rings, the customer answers, talk, hang up): makes `done` common enough to test. */
  | { kind: 'conversation'; closeWrapUp: boolean }
  /** Likewise a whole unanswered attempt: accept if it rings, the customer's phone is not answered. */
  | { kind: 'unanswered' }
  /** A manual callback requested, assigned and started at once, often while the last call's wrap-up is open. */
  | { kind: 'requestAssignStart' }
  | { kind: 'duty'; on: boolean }
  | { kind: 'wait'; ms: number };

const arbitraryAction: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('request' as const), mode: fc.constantFrom('automated' as const, 'manual' as const), customer: fc.nat(numbers.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('assign' as const, 'start' as const), pick: fc.nat(5) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('accept' as const, 'decline' as const, 'customerAnswers' as const, 'agentHangsUp' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('customerGone' as const), reason: fc.constantFrom('noAnswer' as const, 'busy' as const, 'declined' as const, 'hangup' as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'closeWrapUp' as const }) },
  // Half the conversations close their wrap-up at once, so every run set reaches `done`, not only most.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('conversation' as const), closeWrapUp: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'unanswered' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'requestAssignStart' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duty' as const), on: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(10, 5_000, 20_000, 60_000, 300_000) }) },
);

const arbitraryPolicy = fc.record({
  // One attempt often: exhaustion then follows a single unanswered call, so the runs reach it every time.
  maxAttempts: fc.oneof({ weight: 2, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 4 }) }),
  retryDelaysMs: fc.array(fc.constantFrom(1_000, 30_000, 120_000), { minLength: 1, maxLength: 3 }),
  agentRingMs: fc.constantFrom(5_000, 20_000),
  customerNoAnswerMs: fc.constantFrom(10_000, 25_000),
});

/** Statuses reachable from `from` by allowed moves (one transition may take several, e.g. queued → assigned → active). */
function reachable(from: CallbackStatus): Set<CallbackStatus> {
  const seen = new Set<CallbackStatus>([from]);
  const todo = [from];
  while (todo.length > 0) for (const next of callbackTransitions[todo.pop()!]) if (!seen.has(next)) seen.add(next), todo.push(next);
  return seen;
}

const reached = new Map<string, number>();
const count = (key: string) => reached.set(key, (reached.get(key) ?? 0) + 1);

describe('callbacks (properties)', () => {
  it('a callback is never in two statuses, moves only as 003 allows, and retries never exceed the policy', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryPolicy, fc.array(arbitraryAction, { minLength: 1, maxLength: 40, size: 'max' }), async (policy, actions) => {
        const h = deskHarness({ config: { callbacks: policy, wrapUp: { durationMs: 5_000 } } });
        const violations: string[] = [];
        let previous = new Map<string, Callback>();
        let previousCalls = new Set<string>();
        const observe = () => {
          // wrapUpMakesUnavailable: no callback call (manual or an automated retry) starts while a wrap-up is open.
          const snapshot = h.engine.getSnapshot();
          const wrapUp = snapshot.desk!.wrapUp;
          for (const call of snapshot.calls) {
            if (!previousCalls.has(call.id) && wrapUp) violations.push(`wrapUpMakesUnavailable: ${call.id} started during the wrap-up of ${wrapUp.callId}`);
          }
          if (wrapUp && agentAvailability(snapshot) === 'available') violations.push('wrapUpMakesUnavailable: available during wrap-up');
          previousCalls = new Set(snapshot.calls.map((call) => call.id));
          const callbacks = h.engine.getSnapshot().desk!.callbacks;
          const ids = new Set<string>();
          let active = 0;
          for (const callback of callbacks) {
            if (ids.has(callback.id)) violations.push(`${callback.id} listed twice`);
            ids.add(callback.id);
            const before = previous.get(callback.id);
            if (before && !reachable(before.status).has(callback.status)) violations.push(`${callback.id}: ${before.status} → ${callback.status}`);
            if (!before && !reachable('queued').has(callback.status)) violations.push(`${callback.id} appeared as ${callback.status}`);
            if (callback.attempts > policy.maxAttempts) violations.push(`${callback.id}: ${callback.attempts} attempts, policy ${policy.maxAttempts}`);
            if (callback.retryAt !== undefined && (callback.status !== 'noReply' || callback.attempts >= policy.maxAttempts || callback.mode !== 'automated')) {
              violations.push(`${callback.id}: retry at ${callback.retryAt} while ${callback.status} after ${callback.attempts}`);
            }
            if ((callback.status === 'active') !== (callback.callId !== undefined)) violations.push(`${callback.id}: ${callback.status} with call ${callback.callId}`);
            if (callback.status === 'queued' && callback.assignee !== null) violations.push(`${callback.id}: queued but assigned to ${callback.assignee}`);
            if (callback.status === 'active' && getCall(h.engine.getSnapshot(), callback.callId)) active++;
            count(callback.status);
            if (callback.status === 'noReply' && callback.attempts >= policy.maxAttempts) count('exhausted');
          }
          if (active > 1) violations.push(`${active} callbacks with a live call`);
          previous = new Map(callbacks.map((callback) => [callback.id, callback]));
        };
        h.engine.subscribe(observe);
        let requests = 0;
        const callbackCall = () => {
          const state = h.engine.getSnapshot();
          return state.calls.find((call) => state.desk!.calls.some((known) => known.callId === call.id && known.kind === 'callback'));
        };
        for (const action of actions) {
          const state = h.engine.getSnapshot();
          const callbacks = state.desk!.callbacks;
          const call = callbackCall();
          switch (action.kind) {
            case 'request':
              h.engine.send({ type: 'callbackRequested', callbackId: `cb-${++requests}`, customer: { number: numbers[action.customer]! }, mode: action.mode, queue: 'support' });
              break;
            case 'assign':
            case 'start': {
              const callback = callbacks[action.pick % Math.max(1, callbacks.length)];
              if (!callback) break;
              h.engine.send(action.kind === 'assign' ? { type: 'assignCallback', callbackId: callback.id } : { type: 'startCallback', callbackId: callback.id, from: FROM });
              break;
            }
            case 'accept':
            case 'decline':
              if (call?.phase === 'ringing') (action.kind === 'accept' ? h.engine.accept(call.id) : h.engine.decline(call.id));
              break;
            case 'customerAnswers':
              if (call) h.adapter.remote.answer(call.id);
              break;
            case 'customerGone':
              if (call && call.phase !== 'ringing') h.adapter.remote.hangUp(call.id, action.reason);
              break;
            case 'agentHangsUp':
              if (call) h.engine.hangUp(call.id);
              break;
            case 'closeWrapUp':
              h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
              break;
            case 'conversation':
              if (!call) break;
              if (call.phase === 'ringing') h.engine.accept(call.id);
              await h.clock.tick(20);
              h.adapter.remote.answer(call.id);
              await h.clock.tick(30_000);
              h.engine.hangUp(call.id);
              if (action.closeWrapUp) h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
              break;
            case 'unanswered':
              if (!call) break;
              if (call.phase === 'ringing') h.engine.accept(call.id);
              await h.clock.tick(20);
              h.adapter.remote.hangUp(call.id, 'noAnswer');
              break;
            case 'requestAssignStart': {
              const callbackId = `cb-${++requests}`;
              h.engine.send({ type: 'callbackRequested', callbackId, customer: { number: numbers[requests % numbers.length]! }, mode: 'manual', queue: 'support' });
              h.engine.send({ type: 'assignCallback', callbackId });
              if (h.engine.getSnapshot().desk!.wrapUp) count('startDuringWrapUp');
              h.engine.send({ type: 'startCallback', callbackId, from: FROM });
              break;
            }
            case 'duty':
              h.engine.send({ type: 'setDuty', onDuty: action.on });
              break;
            case 'wait':
              await h.clock.tick(action.ms);
              break;
          }
          // A person takes a moment between clicks: adapter round-trips (10 ms on the loopback) settle.
          await h.clock.tick(20);
          expect(violations).toEqual([]);
        }
        // Status notices tell the backend every move, one at a time, along allowed edges, ending where the state is.
        // A notice that keeps the status tells of a new assignee (a retry handed back off duty), and must change it.
        const notices = new Map<string, { status: CallbackStatus; assignee: string | null }[]>();
        for (const output of h.outputs) {
          const effect = output as DeskEffect;
          if (effect.type === 'desk' && effect.action === 'notify' && effect.notice.type === 'callbackStatus') {
            const { callbackId, status, assignee } = effect.notice;
            notices.set(callbackId, [...(notices.get(callbackId) ?? []), { status, assignee }]);
          }
        }
        for (const callback of h.engine.getSnapshot().desk!.callbacks) {
          const moves = notices.get(callback.id) ?? [];
          expect(moves[0]?.status).toBe('queued');
          for (let i = 1; i < moves.length; i++) {
            const [before, after] = [moves[i - 1]!, moves[i]!];
            if (after.status === before.status) expect(after.assignee).not.toBe(before.assignee);
            else expect(callbackTransitions[before.status]).toContain(after.status);
          }
          expect(moves.at(-1)).toEqual({ status: callback.status, assignee: callback.assignee });
        }
        h.engine.dispose();
      }),
      fcParameters(),
    );
    if (process.env.FC_STATS) console.log(Object.fromEntries(reached));
    for (const status of ['queued', 'assigned', 'active', 'noReply', 'done', 'exhausted', 'startDuringWrapUp']) expect(reached.get(status) ?? 0).toBeGreaterThan(0);
  });
});
