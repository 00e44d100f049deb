// The testing kit's virtual clock is what every deadline test trusts: a
// nonsense step is refused, a cancelled action moves no time, re-scheduling
// moves an action, and only work that re-arms at one instant is a runaway.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../src/testing/index.js';

describe('the virtual clock', () => {
  it('refuses a step that is not a finite number, and runs nothing for it', async () => {
    const clock = createVirtualClock(1_000);
    let ran = false;
    clock.scheduler.schedule(() => { ran = true; }, 3_600_000);
    expect(() => clock.advanceBy(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advanceTo(Number.NaN)).toThrow(RangeError);
    expect(() => clock.jump(Infinity)).toThrow(RangeError);
    await expect(clock.tick(Number.NaN)).rejects.toThrow(RangeError);
    expect(ran).toBe(false);
    expect(clock.now()).toBe(1_000);
  });

  it('runAll does not move time to when a cancelled action would have run', async () => {
    const clock = createVirtualClock(1_000);
    clock.scheduler.schedule(() => undefined, 3_600_000).unsubscribe();
    let at = 0;
    clock.scheduler.schedule(() => { at = clock.now(); }, 500);
    await clock.runAll();
    expect(at).toBe(1_500);
    expect(clock.now()).toBe(1_500);
  });

  it('counts delay-0 work spread over many instants as work, not a runaway loop', () => {
    const clock = createVirtualClock();
    let runs = 0;
    for (let i = 0; i < 100_002; i++) {
      clock.scheduler.schedule(() => void runs++, 0);
      clock.advanceBy(1);
    }
    expect(runs).toBe(100_002);
    // Work that re-arms itself at once, at one instant, is still reported.
    clock.scheduler.schedule(function again(this: { schedule(state?: unknown, delay?: number): unknown }) { this.schedule(undefined, 0); }, 0);
    expect(() => clock.advanceBy(1)).toThrow(/without time moving/);
  });

  it('re-scheduling an action that is still waiting moves it, as RxJS does, instead of running it twice', () => {
    const clock = createVirtualClock();
    const at: number[] = [];
    const action = clock.scheduler.schedule(() => void at.push(clock.now()), 10) as unknown as { schedule(state?: unknown, delay?: number): unknown };
    action.schedule(undefined, 20);
    clock.advanceBy(50);
    expect(at).toEqual([20]);
  });
});

