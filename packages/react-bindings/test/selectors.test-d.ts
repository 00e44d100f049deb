import type { Call, CallControls, CallEngine, EngineState, HistoryEntry, MediaPreferences, SendResult, TransferTarget } from '@ringline/core';
import { describe, expectTypeOf, it } from 'vitest';
import { RinglineProvider, shallowEqual, useActiveCall, useCallControls, useCallDuration, useCallHistory, useCountdown, useDevices, useEngine, useSelector, loadPreferences, type TickScheduler } from '../src/index.js';
import { type Offer, useOffers, useTransfer, useWrapUp } from '../src/desk.js';

describe('selector inference', () => {
  it('infers the selection from the selector', () => {
    expectTypeOf(useSelector((state) => state.calls.length)).toEqualTypeOf<number>();
    expectTypeOf(useSelector((state) => state.calls[0])).toEqualTypeOf<Call | undefined>();
    expectTypeOf(useSelector((state) => ({ phase: state.calls[0]?.phase }), shallowEqual)).toEqualTypeOf<{ phase: Call['phase'] | undefined }>();
    expectTypeOf(useSelector<EngineState['history']>((state) => state.history)).toEqualTypeOf<HistoryEntry[]>();
  });

  it('checks the equality function against the selection', () => {
    useSelector((state) => state.calls.length, (a, b) => {
      expectTypeOf(a).toEqualTypeOf<number>();
      return a === b;
    });
    // @ts-expect-error an equality for strings does not fit a numeric selection
    useSelector((state) => state.calls.length, (a: string, b: string) => a === b);
    // @ts-expect-error the selector receives the engine state, not a call
    useSelector((call: Call) => call.id);
  });

  it('types what the hooks return', () => {
    expectTypeOf(useEngine()).toEqualTypeOf<CallEngine>();
    expectTypeOf(useActiveCall()).toEqualTypeOf<Call | undefined>();
    expectTypeOf(useCallDuration()).toEqualTypeOf<number | undefined>();
    expectTypeOf(useCountdown(undefined)).toEqualTypeOf<number | undefined>();
    expectTypeOf(useCallHistory()).toEqualTypeOf<HistoryEntry[]>();
    expectTypeOf(useCallControls().controls).toEqualTypeOf<CallControls>();
    expectTypeOf(useCallControls().toggleMute).returns.toEqualTypeOf<SendResult>();
    expectTypeOf(useOffers()).toEqualTypeOf<Offer[]>();
    // An offer carries its deadline, never a frozen remaining time.
    expectTypeOf<Offer>().not.toHaveProperty('remainingMs');
    expectTypeOf<Offer['ringDeadline']>().toEqualTypeOf<number | undefined>();
    expectTypeOf(useWrapUp()).toEqualTypeOf<ReturnType<typeof useWrapUp>>();
    expectTypeOf<NonNullable<ReturnType<typeof useWrapUp>>['remainingSeconds']>().toEqualTypeOf<number>();
    expectTypeOf(useTransfer().transfer).parameter(0).toEqualTypeOf<TransferTarget>();
    expectTypeOf(useDevices().preferences).toEqualTypeOf<MediaPreferences>();
    expectTypeOf(loadPreferences).returns.toEqualTypeOf<Partial<MediaPreferences>>();
  });

  it('takes an RxJS-shaped scheduler and requires an engine', () => {
    const rxLike = { now: () => 0, schedule: (work: () => void, delay?: number) => ({ unsubscribe() {}, closed: false, delay, work }) };
    expectTypeOf(rxLike).toMatchTypeOf<TickScheduler>();
    // @ts-expect-error the provider needs the engine
    RinglineProvider({ children: null });
  });
});
