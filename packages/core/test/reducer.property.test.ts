// The pure reducer on its own: any script of inputs, at any times.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCall, reduce, resolveConfig, type EngineState } from '../src/index.js';
import { initialEngineState } from '../src/model.js';
import { fcParameters } from './fcSettings.js';
import { arbitraryEventScript, loopbackCapabilities } from '../src/testing/index.js';

const config = resolveConfig({ historyLimit: 1_000 }, loopbackCapabilities);

describe('reduce', () => {
  it('never throws; a rejection returns the same state object; state stays plain JSON', () => {
    fc.assert(
      fc.property(arbitraryEventScript(['a', 'b', 'c']), (script) => {
        let state: EngineState = initialEngineState;
        for (const event of script) {
          const { state: next, rejected } = reduce(state, event, config);
          // rejectionChangesNothing, but for one case: a click on a call whose deadline had passed, its
          // timer not run yet, is refused, and the call ends as that deadline decided, at the deadline.
          const endedByDeadline = rejected?.callId !== undefined && getCall(state, rejected.callId) !== undefined && getCall(next, rejected.callId) === undefined;
          if (rejected && !endedByDeadline) expect(next).toBe(state);
          if (rejected && endedByDeadline) {
            const entry = next.history.find((ended) => ended.id === rejected.callId);
            expect(entry?.endedBy).toBe('system');
            expect(entry!.endedAt).toBeLessThanOrEqual(event.at);
          }
          state = next;
          // atMostOneLiveCall: offers may ring beside each other, but only one call is ever past ringing
          expect(state.calls.filter((call) => call.phase !== 'ringing').length).toBeLessThanOrEqual(1);
          // ...and never beside a live one: an offer that comes during a call ends as busy at once.
          if (state.calls.some((call) => call.phase !== 'ringing')) expect(state.calls.filter((call) => call.phase === 'ringing').map((call) => call.id)).toEqual([]);
        }
        // stateIsPlainJson: what is persisted or sent to another tab comes back identical
        expect(JSON.parse(JSON.stringify(state))).toEqual(state);
        // exactlyOneTerminalOutcome at the reducer level
        const ended = state.history.map((h) => h.id);
        expect(new Set(ended).size).toBe(ended.length);
        for (const call of state.calls) expect(ended).not.toContain(call.id);
      }),
      fcParameters(),
    );
  });

  it('is deterministic: the same script gives the same states and effects', () => {
    fc.assert(
      fc.property(arbitraryEventScript(['a', 'b']), (script) => {
        const runOnce = () => {
          let state: EngineState = initialEngineState;
          return script.map((event) => {
            const result = reduce(state, event, config);
            state = result.state;
            return result;
          });
        };
        expect(runOnce()).toEqual(runOnce());
      }),
      fcParameters(),
    );
  });
});
