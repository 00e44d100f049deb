// The only module in core that touches the wall clock. Everything else reads
// time through an injected `Clock`, so tests run on virtual time.
import { asyncScheduler, type SchedulerLike } from 'rxjs';

export interface Clock {
  now(): number;
  /** Runs deferred work (timers, retries); RxJS's own scheduler contract. */
  scheduler: SchedulerLike;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  scheduler: asyncScheduler,
};
