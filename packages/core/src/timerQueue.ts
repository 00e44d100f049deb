import type { Subscription } from 'rxjs';
import type { Clock } from './clock.js';
import type { TimerKind } from './events.js';
import type { CallId } from './model.js';

export interface Deadline {
  timer: TimerKind;
  callId: CallId;
  at: number;
}

/** Who is told when a deadline is due. */
export interface DeadlineOwner {
  deadlineDue(timer: TimerKind, callId: CallId, at: number): void;
}

/** First index whose deadline is not before `at`. */
function lowerBound(list: readonly { at: number }[], at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.at < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Inserts keeping `at` order; equal deadlines stay in the order they were added. */
function insertSorted<T extends { at: number }>(list: T[], item: T): void {
  let index = lowerBound(list, item.at);
  while (index < list.length && list[index]!.at === item.at) index++;
  list.splice(index, 0, item);
}

function removeItem<T extends { at: number }>(list: T[], item: T): void {
  for (let index = lowerBound(list, item.at); index < list.length && list[index]!.at === item.at; index++) {
    if (list[index] === item) {
      list.splice(index, 1);
      return;
    }
  }
}

interface Head {
  queue: TimerQueue;
  at: number;
}

/**
 * One scheduler action per clock, for the earliest deadline of every engine
 * on it. Ten thousand engines with a ringing call each are ten thousand
 * entries here, not ten thousand OS timers.
 */
class ClockAlarm {
  private heads: Head[] = [];
  private pending: Subscription | undefined;
  private pendingAt = Infinity;

  constructor(private readonly clock: Clock) {}

  /** Records the earliest deadline of `queue` (or that it has none). */
  update(queue: TimerQueue, at: number | undefined): void {
    const current = queue.head;
    if (current?.at === at) return;
    if (current) removeItem(this.heads, current);
    queue.head = at === undefined ? undefined : { queue, at };
    if (queue.head) insertSorted(this.heads, queue.head);
    this.arm();
  }

  /**
   * A wake-up for a deadline that has since gone finds nothing due and
   * re-arms, so cancelling one deadline among many never touches the
   * scheduler. With no deadline left the OS timer is released: a disposed
   * engine must not keep a process alive.
   */
  private arm(): void {
    const first = this.heads[0];
    if (!first) {
      this.pending?.unsubscribe();
      this.pending = undefined;
      this.pendingAt = Infinity;
      return;
    }
    if (this.pending && this.pendingAt <= first.at) return;
    this.pending?.unsubscribe();
    this.pendingAt = first.at;
    this.pending = this.clock.scheduler.schedule(() => this.wake(), Math.max(0, first.at - this.clock.now()));
  }

  private wake(): void {
    this.pending = undefined;
    this.pendingAt = Infinity;
    const now = this.clock.now();
    const due: TimerQueue[] = [];
    while (this.heads.length > 0 && this.heads[0]!.at <= now) {
      const { queue } = this.heads.shift()!;
      queue.head = undefined;
      due.push(queue);
    }
    // One engine failing must not cost the others on this clock their deadlines.
    let failure: { cause: unknown } | undefined;
    for (const queue of due) {
      try {
        queue.fireDue(now);
      } catch (cause) {
        failure ??= { cause };
      }
    }
    this.arm();
    if (failure) throw failure.cause;
  }
}

const alarms = new WeakMap<Clock, ClockAlarm>();

/**
 * The deadlines of one engine, earliest first. It schedules nothing itself:
 * its clock's alarm wakes it when its earliest deadline is due.
 */
export class TimerQueue {
  private queue: Deadline[] = [];
  private readonly alarm: ClockAlarm;
  /** This queue's entry in its alarm; owned by the alarm. */
  head: Head | undefined;

  constructor(clock: Clock, private readonly owner: DeadlineOwner) {
    let alarm = alarms.get(clock);
    if (!alarm) alarms.set(clock, (alarm = new ClockAlarm(clock)));
    this.alarm = alarm;
  }

  set(timer: TimerKind, callId: CallId, at: number): void {
    // A NaN deadline would sort first and never come due, stalling every engine on the clock.
    if (!Number.isFinite(at)) return;
    this.remove(timer, callId);
    insertSorted(this.queue, { timer, callId, at });
    this.alarm.update(this, this.queue[0]!.at);
  }

  cancel(timer: TimerKind, callId: CallId): void {
    if (this.remove(timer, callId)) this.alarm.update(this, this.queue[0]?.at);
  }

  /** Pending deadlines, earliest first (diagnostics and tests). */
  entries(): Deadline[] {
    return this.queue.map(({ timer, callId, at }) => ({ timer, callId, at }));
  }

  clear(): void {
    this.queue = [];
    this.alarm.update(this, undefined);
  }

  /**
   * Called by the alarm. Fires what was due when the wake-up began; deadlines
   * set while firing wait for the next wake-up, even if already due.
   */
  fireDue(now: number): void {
    let count = 0;
    while (count < this.queue.length && this.queue[count]!.at <= now) count++;
    const due = this.queue.splice(0, count);
    try {
      for (const deadline of due) this.owner.deadlineDue(deadline.timer, deadline.callId, deadline.at);
    } finally {
      this.alarm.update(this, this.queue[0]?.at);
    }
  }

  private remove(timer: TimerKind, callId: CallId): boolean {
    const index = this.queue.findIndex((entry) => entry.timer === timer && entry.callId === callId);
    if (index >= 0) this.queue.splice(index, 1);
    return index >= 0;
  }
}
