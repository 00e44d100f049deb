// Property: a hand-off is claimed by at most one tab. Two or three tabs of
// one agent see the same hand-off card; clicks, the backend's answers (in any
// order), the caller giving up and time interleave at random. Whatever
// happens, at most one tab ever goes past ringing, and it is the tab whose
// claim the backend took first. Replay a failure with FC_SEED / FC_PATH.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCall } from '../src/index.js';
import { createVirtualClock } from '../src/testing/index.js';
import { deskHarness, type DeskHarness } from './deskSupport.js';
import { fcParameters } from './fcSettings.js';
import { createClaimArbiter } from './handoffSupport.js';

type Action =
  | { kind: 'accept'; tab: number }
  | { kind: 'answer'; tab: number }
  | { kind: 'callerHangsUp' }
  | { kind: 'wait'; ms: number };

const arbitraryAction = (tabs: number): fc.Arbitrary<Action> => fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('accept' as const), tab: fc.nat(tabs - 1) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('answer' as const), tab: fc.nat(tabs - 1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'callerHangsUp' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(0, 5, 500, 12_000) }) },
);

const scenario = fc.integer({ min: 2, max: 3 }).chain((tabs) => fc.tuple(fc.constant(tabs), fc.array(arbitraryAction(tabs), { minLength: 1, maxLength: 25, size: 'max' })));

/** A tab took the call if its call got past ringing, live now or ended since. */
function tookCall(tab: DeskHarness): boolean {
  const state = tab.engine.getSnapshot();
  const live = getCall(state, 'ai-1');
  if (live) return live.phase !== 'ringing';
  return state.history.some((entry) => entry.id === 'ai-1' && entry.endReason !== 'answeredElsewhere' && entry.endReason !== 'missed' && entry.endReason !== 'canceled');
}

describe('hand-off claims (properties)', () => {
  it('a hand-off is claimed by at most one tab, and only by the first claim', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([count, actions]) => {
        const clock = createVirtualClock(1_700_000_000_000);
        const arbiter = createClaimArbiter();
        const tabs = Array.from({ length: count }, (_, index) => {
          const tab = deskHarness({ config: { tabId: `tab-${index}` }, clock });
          arbiter.attach(tab, index);
          tab.adapter.remote.offer({ callId: 'ai-1', remote: { number: '+14155550142' }, handoff: true, summary: 'wants a person' });
          return tab;
        });
        const check = () => {
          const taken = tabs.map((tab, index) => (tookCall(tab) ? index : -1)).filter((index) => index >= 0);
          expect(taken.length).toBeLessThanOrEqual(1);
          const winner = arbiter.winners.get('ai-1');
          for (const index of taken) expect(winner?.startsWith(`tab-${index}:`)).toBe(true);
          for (const tab of tabs) expect(tab.engine.getSnapshot().history.filter((entry) => entry.id === 'ai-1').length).toBeLessThanOrEqual(1);
        };
        for (const action of actions) {
          if (action.kind === 'accept') tabs[action.tab]!.engine.accept('ai-1');
          else if (action.kind === 'answer') arbiter.answer(action.tab);
          else if (action.kind === 'callerHangsUp') for (const tab of tabs) tab.adapter.remote.cancel('ai-1');
          else await clock.tick(action.ms);
          await clock.tick(0);
          check();
        }
        while (arbiter.answer()) await clock.tick(0);
        await clock.tick(20);
        check();
        for (const tab of tabs) tab.engine.dispose();
      }),
      fcParameters(),
    );
  });
});
