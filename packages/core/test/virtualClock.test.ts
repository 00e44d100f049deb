// The testing kit's virtual clock is what every deadline test trusts: a
// nonsense step is refused, and a cancelled action moves no time.
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
});
