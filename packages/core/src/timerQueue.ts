import type { Subscription } from 'rxjs';
import type { Clock } from './clock.js';
import type { TimerKind } from './events.js';
import type { CallId } from './model.js';

export interface Deadline {
  timer: TimerKind;
  callId: CallId;
  at: number;
}

/** `firing` once taken out for a wake-up, `fired` once its owner was told, `cancelled` if cancelled before. */
type FiledDeadline = Deadline & Filed & { status?: 'cancelled' | 'firing' | 'fired' };

/** Who is told when a deadline is due. */
export interface DeadlineOwner {
  deadlineDue(timer: TimerKind, callId: CallId, at: number): void;
}

/**
 * An entry of a sorted list: by `at`, then by `seq`, the order entries were
 * filed in. The tiebreak makes every entry's position a binary search, also
 * among thousands with the same deadline (overdue callback retries loaded at
 * once all fall due now; engines on one clock ring out on the same tick).
 */
interface Filed {
  at: number;
  seq: number;
}

/** First index whose entry does not come before (`at`, `seq`). */
function lowerBound(list: readonly Filed[], at: number, seq: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const entry = list[mid]!;
    if (entry.at < at || (entry.at === at && entry.seq < seq)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Where `entry` sits in `list`, or -1. */
function indexOf(list: readonly Filed[], entry: Filed): number {
  const index = lowerBound(list, entry.at, entry.seq);
  return list[index] === entry ? index : -1;
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
  private filed = 0;

  constructor(private readonly clock: Clock) {}

  /** Records the earliest deadline of `queue` (or that it has none). */
  update(queue: TimerQueue, at: number | undefined): void {
    if (queue.at === at) return;
    const queues = this.queues;
    if (queue.at !== undefined) {
      // A page's one engine is the only queue on its clock: no search, no splice.
      if (queues.length === 1 && queues[0] === queue) queues.pop();
      else {
        const index = indexOf(queues as Filed[], queue as Filed);
        if (index >= 0) queues.splice(index, 1);
      }
    }
    queue.at = at;
    if (at !== undefined) {
      // A new `seq` files it after every queue already due at the same time.
      queue.seq = this.nextSeq();
      if (queues.length === 0) queues.push(queue);
      else queues.splice(lowerBound(queues as Filed[], at, queue.seq), 0, queue);
    }
    this.arm();
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
    // Timers take at most 2^31-1 ms (24.8 days); a later deadline wakes up early, finds nothing due and re-arms.
    this.pending = this.clock.scheduler.schedule(() => this.wake(), Math.min(maxTimerDelayMs, Math.max(0, at - this.clock.now())));
  }

  /** Filing order, for queues here and for the deadlines in each queue: one counter per clock, not one per engine. */
  nextSeq(): number {
    return ++this.filed;
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

const maxTimerDelayMs = 2 ** 31 - 1;

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
  private queue: FiledDeadline[] | undefined;
  /** Deadlines taken out for the wake-up in progress; cancelling one of them still stops it. */
  private firing: FiledDeadline[] | undefined;
  private readonly alarm: ClockAlarm;
  /**
   * For long queues (an agent's thousands of callback retries): deadlines by
   * timer and call, made once the queue is long, since finding the entry a new
   * deadline replaces would otherwise scan the whole queue on every set; it
   * also holds the deadlines of the wake-up in progress until each has fired.
   * And the cancelled deadlines still in the queue: taking one out of the
   * middle of thousands would move every entry after it, so it is marked,
   * skipped when due, and swept out once such entries are half the queue.
   * Short queues, the usual case for engines held by the thousand, never make it.
   */
  private long: { byKey: Map<string, FiledDeadline>; cancelled: number } | undefined;
  /** The deadline the alarm has this queue filed under, and its place among equal ones; owned by the alarm. */
  at: number | undefined;
  seq = 0;

  constructor(clock: Clock, private readonly owner: DeadlineOwner) {
    let alarm = alarms.get(clock);
    if (!alarm) alarms.set(clock, (alarm = new ClockAlarm(clock)));
    this.alarm = alarm;
  }

  set(timer: TimerKind, callId: CallId, at: number): void {
    // A NaN deadline would sort first and never come due, stalling every engine on the clock.
    if (!Number.isFinite(at)) return;
    this.remove(timer, callId);
    // Equal deadlines fire in the order they were set: a new one files after the others.
    const deadline: FiledDeadline = { timer, callId, at, seq: this.alarm.nextSeq() };
    // A literal, not `push`: an empty array grows to 17 slots on its first push.
    if (!this.queue || this.queue.length === 0) this.queue = [deadline];
    else this.queue.splice(lowerBound(this.queue, at, deadline.seq), 0, deadline);
    if (this.long) this.long.byKey.set(keyOf(timer, callId), deadline);
    else if (this.queue.length > indexedFrom) {
      const live = [...(this.firing ?? []).filter((entry) => entry.status === 'firing'), ...this.queue];
      this.long = { byKey: new Map(live.map((entry) => [keyOf(entry.timer, entry.callId), entry])), cancelled: 0 };
    }
    this.alarm.update(this, this.queue[0]!.at);
  }

  cancel(timer: TimerKind, callId: CallId): void {
    if (this.remove(timer, callId)) this.alarm.update(this, this.queue?.[0]?.at);
  }

  /** Pending deadlines, earliest first (diagnostics and tests). */
  entries(): Deadline[] {
    return (this.queue ?? []).filter((entry) => entry.status === undefined).map(({ timer, callId, at }) => ({ timer, callId, at }));
  }

  clear(): void {
    this.queue = undefined;
    this.long = undefined;
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
    for (const deadline of firing) {
      if (deadline.status === 'cancelled' && this.long) this.long.cancelled--;
      else deadline.status = 'firing';
    }
    // The owner failing on one deadline must not cost it the others of this wake-up.
    let failure: { cause: unknown } | undefined;
    try {
      for (const deadline of firing) {
        if (deadline.status !== 'firing') continue;
        deadline.status = 'fired';
        const key = keyOf(deadline.timer, deadline.callId);
        if (this.long?.byKey.get(key) === deadline) this.long.byKey.delete(key);
        try {
          this.owner.deadlineDue(deadline.timer, deadline.callId, deadline.at);
        } catch (cause) {
          failure ??= { cause };
        }
      }
    } finally {
      this.firing = undefined;
      this.alarm.update(this, this.queue?.[0]?.at);
    }
    if (failure) throw failure.cause;
  }

  private remove(timer: TimerKind, callId: CallId): boolean {
    const long = this.long;
    if (long) {
      const key = keyOf(timer, callId);
      const deadline = long.byKey.get(key);
      if (!deadline) return false;
      long.byKey.delete(key);
      const queued = deadline.status === undefined;
      deadline.status = 'cancelled';
      if (queued) long.cancelled++;
      this.sweep();
      return queued;
    }
    // Loops, not find with a closure: this runs on every set and cancel.
    const firing = this.firing;
    if (firing) {
      for (const entry of firing) {
        if (entry.status === 'firing' && entry.timer === timer && entry.callId === callId) entry.status = 'cancelled';
      }
    }
    const queue = this.queue;
    if (!queue) return false;
    for (let index = 0; index < queue.length; index++) {
      const entry = queue[index]!;
      if (entry.timer !== timer || entry.callId !== callId) continue;
      if (queue.length === 1) queue.pop();
      else queue.splice(index, 1);
      return true;
    }
    return false;
  }

  /**
   * Sweeps cancelled deadlines out once they are half the queue. One at the
   * front stays until then: the alarm may wake for it, and that wake-up finds
   * nothing due and re-arms, as for any deadline that has gone.
   */
  private sweep(): void {
    const queue = this.queue;
    const long = this.long;
    if (!queue || !long || long.cancelled * 2 <= queue.length) return;
    this.queue = queue.filter((entry) => entry.status !== 'cancelled');
    long.cancelled = 0;
  }
}
