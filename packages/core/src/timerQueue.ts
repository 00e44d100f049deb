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

/** Where to insert keeping `at` order; equal deadlines stay in the order they were added. */
function insertionPoint(list: readonly { at: number }[], at: number): number {
  let index = lowerBound(list, at);
  while (index < list.length && list[index]!.at === at) index++;
  return index;
}

/**
 * One scheduler action per clock, for the earliest deadline of every engine
 * on it. Ten thousand engines with a ringing call each are ten thousand
 * entries here, not ten thousand OS timers.
 */
class ClockAlarm {
  /** Queues with a deadline, by their earliest one (`queue.at`). */
  private queues: TimerQueue[] = [];
  private pending: Subscription | undefined;
  private pendingAt = Infinity;

  constructor(private readonly clock: Clock) {}

  /** Records the earliest deadline of `queue` (or that it has none). */
  update(queue: TimerQueue, at: number | undefined): void {
    if (queue.at === at) return;
    if (queue.at !== undefined) this.remove(queue);
    queue.at = at;
    if (at !== undefined) this.queues.splice(insertionPoint(this.queues as { at: number }[], at), 0, queue);
    this.arm();
  }

  private remove(queue: TimerQueue): void {
    const list = this.queues;
    for (let index = lowerBound(list as { at: number }[], queue.at!); index < list.length && list[index]!.at === queue.at; index++) {
      if (list[index] === queue) {
        list.splice(index, 1);
        return;
      }
    }
  }

  /**
   * A wake-up for a deadline that has since gone finds nothing due and
   * re-arms (or stops), so cancelling deadlines never touches the scheduler:
   * a call answered before its ring deadline costs no OS timer churn.
   */
  private arm(): void {
    const first = this.queues[0];
    if (!first) return;
    const at = first.at!;
    if (this.pending && this.pendingAt <= at) return;
    this.pending?.unsubscribe();
    this.pendingAt = at;
    this.pending = this.clock.scheduler.schedule(() => this.wake(), Math.max(0, at - this.clock.now()));
  }

  /** A disposed engine must not keep a process alive: with no deadline left, the OS timer goes. */
  releaseIfIdle(): void {
    if (this.queues.length > 0) return;
    this.pending?.unsubscribe();
    this.pending = undefined;
    this.pendingAt = Infinity;
  }

  private wake(): void {
    this.pending = undefined;
    this.pendingAt = Infinity;
    const now = this.clock.now();
    const due: TimerQueue[] = [];
    while (this.queues.length > 0 && this.queues[0]!.at! <= now) {
      const queue = this.queues.shift()!;
      queue.at = undefined;
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

/** Queues longer than this keep an index by timer and call. */
const indexedFrom = 64;

function keyOf(timer: TimerKind, callId: CallId): string {
  return `${timer}\u0000${callId}`;
}

/**
 * The deadlines of one engine, earliest first. It schedules nothing itself:
 * its clock's alarm wakes it when its earliest deadline is due.
 */
export class TimerQueue {
  private queue: Deadline[] | undefined;
  /** Deadlines taken out for the wake-up in progress; cancelling one of them still stops it. */
  private firing: Deadline[] | undefined;
  private readonly alarm: ClockAlarm;
  /**
   * Deadlines by timer and call, made once the queue is long (an agent's
   * thousands of callback retries): finding the entry a new deadline replaces
   * would otherwise scan the whole queue on every set. Short queues, the
   * usual case for engines held by the thousand, never pay for it.
   */
  private byKey: Map<string, Deadline> | undefined;
  /** The deadline the alarm has this queue filed under; owned by the alarm. */
  at: number | undefined;

  constructor(clock: Clock, private readonly owner: DeadlineOwner) {
    let alarm = alarms.get(clock);
    if (!alarm) alarms.set(clock, (alarm = new ClockAlarm(clock)));
    this.alarm = alarm;
  }

  set(timer: TimerKind, callId: CallId, at: number): void {
    // A NaN deadline would sort first and never come due, stalling every engine on the clock.
    if (!Number.isFinite(at)) return;
    this.remove(timer, callId);
    const deadline: Deadline = { timer, callId, at };
    // A literal, not `push`: an empty array grows to 17 slots on its first push.
    if (!this.queue || this.queue.length === 0) this.queue = [deadline];
    else this.queue.splice(insertionPoint(this.queue, at), 0, deadline);
    if (this.byKey) this.byKey.set(keyOf(timer, callId), deadline);
    else if (this.queue.length > indexedFrom) this.byKey = new Map(this.queue.map((entry) => [keyOf(entry.timer, entry.callId), entry]));
    this.alarm.update(this, this.queue[0]!.at);
  }

  cancel(timer: TimerKind, callId: CallId): void {
    if (this.remove(timer, callId)) this.alarm.update(this, this.queue?.[0]?.at);
  }

  /** Pending deadlines, earliest first (diagnostics and tests). */
  entries(): Deadline[] {
    return (this.queue ?? []).map(({ timer, callId, at }) => ({ timer, callId, at }));
  }

  clear(): void {
    this.queue = undefined;
    this.byKey = undefined;
    this.alarm.update(this, undefined);
    this.alarm.releaseIfIdle();
  }

  /**
   * Called by the alarm. Fires what was due when the wake-up began; deadlines
   * set while firing wait for the next wake-up, even if already due.
   */
  fireDue(now: number): void {
    const queue = this.queue ?? [];
    let count = 0;
    while (count < queue.length && queue[count]!.at <= now) count++;
    const firing = (this.firing = queue.splice(0, count));
    if (this.byKey) for (const deadline of firing) this.byKey.delete(keyOf(deadline.timer, deadline.callId));
    try {
      for (let deadline = firing.shift(); deadline; deadline = firing.shift()) {
        this.owner.deadlineDue(deadline.timer, deadline.callId, deadline.at);
      }
    } finally {
      this.firing = undefined;
      this.alarm.update(this, this.queue?.[0]?.at);
    }
  }

  private remove(timer: TimerKind, callId: CallId): boolean {
    const matches = (entry: Deadline) => entry.timer === timer && entry.callId === callId;
    const firingIndex = this.firing?.findIndex(matches) ?? -1;
    if (firingIndex >= 0) this.firing!.splice(firingIndex, 1);
    const index = this.byKey ? this.indexed(timer, callId) : this.queue?.findIndex(matches) ?? -1;
    if (index >= 0) this.queue!.splice(index, 1);
    return index >= 0;
  }

  /** Where the deadline for this timer and call sits in the queue, by its `at`; takes it out of the index. */
  private indexed(timer: TimerKind, callId: CallId): number {
    const key = keyOf(timer, callId);
    const deadline = this.byKey!.get(key);
    if (!deadline || !this.queue) return -1;
    this.byKey!.delete(key);
    for (let index = lowerBound(this.queue, deadline.at); index < this.queue.length && this.queue[index]!.at === deadline.at; index++) {
      if (this.queue[index] === deadline) return index;
    }
    return -1;
  }
}
