// The timer queue against a plain model, with enough deadlines that the
// queue indexes them by timer and call (an agent's thousands of callback
// retries), and short, as an engine's few call timers: whatever the sets,
// replacements, cancellations and time, the same deadlines fire, in deadline
// order, once. Replay with FC_SEED / FC_PATH.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimerKind } from '../src/index.js';
import { createVirtualClock } from '../src/testing/index.js';
import { TimerQueue } from '../src/timerQueue.js';
import { fcParameters } from './fcSettings.js';

type Op =
  | { kind: 'set'; key: number; at: number }
  | { kind: 'cancel'; key: number }
  | { kind: 'advance'; ms: number };

const timers: TimerKind[] = ['ring', 'callbackRetry'];
const arbitraryOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.nat(199), at: fc.integer({ min: 1, max: 5_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), key: fc.nat(199) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 300 }) }) },
);

describe('timer queue (properties)', () => {
  it('long queues fire exactly what a plain model fires, in deadline order', async () => {
    let longest = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryOp, { minLength: 150, maxLength: 400 }), async (ops) => {
        const clock = createVirtualClock(0);
        const fired: string[] = [];
        // Firing a deadline of a key divisible by 7 cancels the next key's: cancelling from inside a wake-up, as reducers do.
        const partner = (timer: string, callId: string) => {
          const n = Number(callId.slice(1));
          return n % 7 === 0 ? { timer: timer as TimerKind, callId: `c${(n + 2) % 200}` } : undefined;
        };
        const queue = new TimerQueue(clock, {
          deadlineDue: (timer, callId, at) => {
            fired.push(`${timer}/${callId}@${at}`);
            const other = partner(timer, callId);
            if (other) queue.cancel(other.timer, other.callId);
          },
        });
        const model = new Map<string, number>();
        const expected: string[] = [];
        const due = (until: number) => {
          const ready = [...model].filter(([, at]) => at <= until);
          // Equal deadlines keep the order they were set in; the model's Map keeps insertion order for re-set keys too.
          ready.sort((a, b) => a[1] - b[1]);
          for (const [key, at] of ready) {
            if (!model.has(key)) continue;
            expected.push(`${key}@${at}`);
            model.delete(key);
            const [timer, callId] = key.split('/') as [string, string];
            const other = partner(timer, callId);
            if (other) model.delete(`${other.timer}/${other.callId}`);
          }
        };
        for (const op of ops) {
          longest = Math.max(longest, model.size);
          if (op.kind === 'advance') {
            const until = clock.now() + op.ms;
            due(until);
            clock.advanceTo(until);
            continue;
          }
          const timer = timers[op.key % 2]!;
          const key = `${timer}/c${op.key}`;
          const at = clock.now() + (op.kind === 'set' ? op.at : 0);
          if (op.kind === 'set') {
            queue.set(timer, `c${op.key}`, at);
            model.delete(key);
            model.set(key, at);
          } else {
            queue.cancel(timer, `c${op.key}`);
            model.delete(key);
          }
        }
        longest = Math.max(longest, model.size);
        expect(fired).toEqual(expected);
        expect(queue.entries().map(({ timer, callId, at }) => `${timer}/${callId}@${at}`).sort()).toEqual([...model].map(([key, at]) => `${key}@${at}`).sort());
        queue.clear();
      }),
      fcParameters(),
    );
    // The index only exists past 64 entries: the runs must get there.
    expect(longest).toBeGreaterThan(70);
  });
});

describe('timer queue at an agent desk\'s size', () => {
  it('thousands of deadlines on the same tick are set, replaced and cancelled without moving the whole queue each time', () => {
    // Overdue callback retries loaded at once all fall due now. Quadratic work here took seconds; linear takes milliseconds.
    const clock = createVirtualClock(0);
    const fired: string[] = [];
    const queue = new TimerQueue(clock, { deadlineDue: (_timer, callId) => void fired.push(callId) });
    const count = 20_000;
    const started = performance.now();
    for (let i = 0; i < count; i++) queue.set('callbackRetry', `cb-${i}`, 1_000);
    for (let i = 0; i < count; i++) queue.set('callbackRetry', `cb-${i}`, 1_000);
    for (let i = 0; i < count; i += 2) queue.cancel('callbackRetry', `cb-${i}`);
    const elapsed = performance.now() - started;
    expect(queue.entries()).toHaveLength(count / 2);
    clock.advanceTo(1_000);
    expect(fired).toEqual(Array.from({ length: count / 2 }, (_, i) => `cb-${2 * i + 1}`));
    expect(queue.entries()).toEqual([]);
    expect(elapsed).toBeLessThan(1_500);
  });
});

describe('timer queue at its deadlines', () => {
  it('a deadline fires when the clock reaches it exactly, not a millisecond before, and once', () => {
    const clock = createVirtualClock(0);
    const fired: number[] = [];
    const queue = new TimerQueue(clock, { deadlineDue: (_timer, _callId, at) => void fired.push(at) });
    queue.set('ring', 'c1', 1_000);
    clock.advanceTo(999);
    expect(fired).toEqual([]);
    clock.advanceTo(1_000);
    expect(fired).toEqual([1_000]);
    clock.advanceTo(5_000);
    expect(fired).toEqual([1_000]);
    expect(queue.entries()).toEqual([]);
  });

  it('the virtual clock reports a scheduler that re-arms itself at once instead of hanging', () => {
    const clock = createVirtualClock(0);
    const again = () => void clock.scheduler.schedule(again, 0);
    clock.scheduler.schedule(again, 0);
    expect(() => clock.advanceTo(10)).toThrow(/without time moving/);
  });
});

describe('timer queue, short (an engine\'s few call timers, no index)', () => {
  it('a deadline cancelled by another firing in the same wake-up never fires', async () => {
    let cancelledInWakeUp = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(
          { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.nat(5), at: fc.integer({ min: 1, max: 30 }) }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), key: fc.nat(5) }) },
          { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40 }) }) },
        ), { minLength: 1, maxLength: 60, size: 'max' }),
        async (ops) => {
          const clock = createVirtualClock(0);
          const fired: string[] = [];
          const live = new Map<string, number>();
          // Firing an even key cancels the next key, as a call's end cancels its other timers.
          const queue = new TimerQueue(clock, {
            deadlineDue: (_timer, callId) => {
              if (!live.has(callId)) throw new Error(`${callId} fired but was cancelled or already fired`);
              fired.push(callId);
              live.delete(callId);
              const n = Number(callId.slice(1));
              if (n % 2 === 0 && live.has(`c${n + 1}`)) {
                if (live.get(`c${n + 1}`)! <= clock.now()) cancelledInWakeUp++;
                live.delete(`c${n + 1}`);
                queue.cancel('ring', `c${n + 1}`);
              }
            },
          });
          for (const op of ops) {
            if (op.kind === 'advance') await clock.tick(op.ms);
            else if (op.kind === 'set') { live.set(`c${op.key}`, clock.now() + op.at); queue.set('ring', `c${op.key}`, clock.now() + op.at); }
            else { live.delete(`c${op.key}`); queue.cancel('ring', `c${op.key}`); }
          }
          expect(queue.entries().map((entry) => entry.callId).sort()).toEqual([...live.keys()].sort());
          queue.clear();
        },
      ),
      fcParameters(),
    );
    expect(cancelledInWakeUp).toBeGreaterThan(0);
  });
});
