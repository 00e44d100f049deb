import type { Subscription } from 'rxjs';
import type { Clock } from './clock.js';

interface Entry {
  key: string;
  at: number;
  seq: number;
}

/**
 * One deadline-ordered queue per engine: however many calls are ringing,
 * exactly one scheduler action is pending, for the earliest deadline.
 * A binary heap with lazy deletion: cancelling just forgets the key.
 */
export class TimerQueue {
  private heap: Entry[] = [];
  private live = new Map<string, Entry>();
  private pending: Subscription | undefined;
  private pendingAt = Infinity;
  private seq = 0;

  constructor(private readonly clock: Clock, private readonly fire: (key: string, deadline: number) => void) {}

  set(key: string, at: number): void {
    const entry: Entry = { key, at, seq: this.seq++ };
    this.live.set(key, entry);
    // Replaced and cancelled entries stay in the heap until they surface; compact when they dominate.
    if (this.heap.length > 2 * this.live.size + 32) this.heap = [...this.live.values()].sort(compare);
    else this.push(entry);
    this.arm();
  }

  cancel(key: string): void {
    if (this.live.delete(key) && this.live.size === 0) {
      this.heap = [];
      this.disarm();
    }
  }

  /** Pending deadlines, earliest first (diagnostics and tests). */
  entries(): { key: string; at: number }[] {
    return [...this.live.values()].sort(compare).map(({ key, at }) => ({ key, at }));
  }

  clear(): void {
    this.live.clear();
    this.heap = [];
    this.disarm();
  }

  private arm(): void {
    const head = this.peek();
    if (!head) return this.disarm();
    if (this.pending && this.pendingAt <= head.at) return;
    this.disarm();
    this.pendingAt = head.at;
    this.pending = this.clock.scheduler.schedule(() => this.run(), Math.max(0, head.at - this.clock.now()));
  }

  private disarm(): void {
    this.pending?.unsubscribe();
    this.pending = undefined;
    this.pendingAt = Infinity;
  }

  private run(): void {
    this.pending = undefined;
    this.pendingAt = Infinity;
    const now = this.clock.now();
    for (let head = this.peek(); head && head.at <= now; head = this.peek()) {
      this.pop();
      this.live.delete(head.key);
      this.fire(head.key, head.at);
    }
    this.arm();
  }

  /** Top of the heap after dropping cancelled or replaced entries. */
  private peek(): Entry | undefined {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.live.get(top.key) === top) return top;
      this.pop();
    }
    return undefined;
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[parent]!, entry) <= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && compare(heap[right]!, heap[left]!) < 0 ? right : left;
      if (compare(heap[child]!, last) >= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}

function compare(a: Entry, b: Entry): number {
  return a.at - b.at || a.seq - b.seq;
}
