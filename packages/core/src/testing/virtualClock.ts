// A clock whose time moves only when a test says so. It implements RxJS's
// SchedulerLike, so the engine's timer queue and any RxJS operator given this
// scheduler run on virtual time (XState's SimulatedClock is the model).
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { Clock } from '../clock.js';

interface Scheduled {
  due: number;
  seq: number;
  action: VirtualAction<unknown>;
  state: unknown;
}

class VirtualAction<T> extends Subscription implements SchedulerAction<T> {
  constructor(private readonly clock: VirtualClockImpl, readonly work: (this: SchedulerAction<T>, state?: T) => void) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (!this.closed) this.clock.enqueue(this as VirtualAction<unknown>, state, delay);
    return this;
  }
}

export interface VirtualClock extends Clock {
  /** Moves time forward, running due work in deadline order. */
  advanceBy(ms: number): void;
  advanceTo(time: number): void;
  /**
   * Moves time forward without running what falls due: a throttled
   * background tab, whose timers wake late. Input sent now meets deadlines
   * that have passed with their timers still pending; they run on the next
   * advance or tick.
   */
  jump(ms: number): void;
  /**
   * Like `advanceBy`, but lets promise callbacks settle after each piece of
   * due work, so adapter latencies and the outcomes they feed back chain as
   * they would in real time.
   */
  tick(ms: number): Promise<void>;
  /** Runs every pending action, however far in the future. */
  runAll(maxSteps?: number): Promise<void>;
  pendingCount(): number;
}

/** Enough microtask turns for a promise chain adapter → engine → adapter to settle. */
export async function flushMicrotasks(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

class VirtualClockImpl implements VirtualClock {
  private time: number;
  private seq = 0;
  private queue: Scheduled[] = [];
  readonly scheduler: SchedulerLike;

  constructor(start: number) {
    this.time = start;
    this.scheduler = {
      now: () => this.time,
      schedule: <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription =>
        new VirtualAction<T>(this, work).schedule(state, delay),
    };
  }

  now = (): number => this.time;

  enqueue(action: VirtualAction<unknown>, state: unknown, delay: number): void {
    // As RxJS's AsyncAction: scheduling an action that is still waiting moves it, it does not run twice.
    const waiting = this.queue.findIndex((entry) => entry.action === action);
    if (waiting >= 0) this.queue.splice(waiting, 1);
    const entry: Scheduled = { due: this.time + Math.max(0, delay), seq: this.seq++, action, state };
    let i = this.queue.length;
    while (i > 0 && compare(this.queue[i - 1]!, entry) > 0) i--;
    this.queue.splice(i, 0, entry);
  }

  pendingCount(): number {
    this.queue = this.queue.filter((entry) => !entry.action.closed);
    return this.queue.length;
  }

  /** Actions run without time moving: a scheduler that re-arms at delay 0 forever is a bug, reported instead of hanging the test. */
  private sameInstantRuns = 0;
  /** The instant those runs were counted at: time moved by any means (advance, jump) starts a new count. */
  private countedAt = Number.NaN;

  private runNext(until: number): boolean {
    // A cancelled action moves no time: runAll must not jump to when it would have run.
    while (this.queue[0]?.action.closed) this.queue.shift();
    const next = this.queue[0];
    if (!next || next.due > until) return false;
    this.queue.shift();
    if (next.due > this.time || this.countedAt !== this.time) {
      this.sameInstantRuns = 0;
      this.countedAt = Math.max(this.time, next.due);
    } else if (++this.sameInstantRuns > maxRunsPerInstant) {
      this.sameInstantRuns = 0;
      throw new Error(`Virtual clock: more than ${maxRunsPerInstant} actions at ${this.time} without time moving; something re-schedules itself at once`);
    }
    this.time = Math.max(this.time, next.due);
    if (!next.action.closed) next.action.work.call(next.action as SchedulerAction<unknown>, next.state);
    return true;
  }

  advanceTo(time: number): void {
    checkedTime(time, 'advanceTo');
    while (this.runNext(time));
    this.time = Math.max(this.time, time);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.time + checkedTime(ms, 'advanceBy'));
  }

  jump(ms: number): void {
    this.time += Math.max(0, checkedTime(ms, 'jump'));
  }

  async tick(ms: number): Promise<void> {
    const target = this.time + checkedTime(ms, 'tick');
    await flushMicrotasks();
    while (this.runNext(target)) await flushMicrotasks();
    this.time = Math.max(this.time, target);
    await flushMicrotasks();
  }

  async runAll(maxSteps = 10_000): Promise<void> {
    await flushMicrotasks();
    for (let steps = 0; steps < maxSteps && this.runNext(Infinity); steps++) await flushMicrotasks();
  }
}

const maxRunsPerInstant = 100_000;

/** NaN would run every pending action and make the time NaN; a test that asks for it has a bug. */
function checkedTime(value: number, method: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`Virtual clock: ${method} needs a finite number of ms, got ${value}`);
  return value;
}

function compare(a: Scheduled, b: Scheduled): number {
  return a.due - b.due || a.seq - b.seq;
}

export function createVirtualClock(start = 0): VirtualClock {
  return new VirtualClockImpl(start);
}
