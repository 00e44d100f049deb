import { describe, expectTypeOf, it } from 'vitest';
import type { Observable } from 'rxjs';
import {
  checkEnvironment, createCallEngine, createHttpNotifier, reduce, RinglineError, type CallEngine, type EndReason, type EngineInput, type EngineOutput,
  type EngineState, type EnvironmentReport, type ErrorCode, type MediaAdapter, type Notifier, type SendResult, type Transition,
} from '../src/index.js';
import {
  createLoopbackAdapter, createVirtualClock, runAdapterContract, type ContractSubject, type LoopbackAdapter, type LoopbackTrack, type VirtualClock,
} from '../src/testing/index.js';

describe('public API types', () => {
  it('createCallEngine needs an adapter and returns a CallEngine', () => {
    expectTypeOf(createCallEngine).parameter(0).toHaveProperty('adapter').toEqualTypeOf<MediaAdapter>();
    // @ts-expect-error an adapter is required
    createCallEngine({});
    const engine = createCallEngine({ adapter: createLoopbackAdapter({ clock: createVirtualClock() }) });
    expectTypeOf(engine).toEqualTypeOf<CallEngine>();
    expectTypeOf(engine.getSnapshot()).toEqualTypeOf<EngineState>();
  });

  it('send results are a discriminated union with a typed error', () => {
    const engine = {} as CallEngine;
    const result = engine.send({ type: 'hold', callId: 'c' });
    expectTypeOf(result).toEqualTypeOf<SendResult>();
    if (!result.ok) {
      expectTypeOf(result.error).toEqualTypeOf<RinglineError>();
      expectTypeOf(result.error.code).toEqualTypeOf<ErrorCode>();
      expectTypeOf(result.error.remedy).toBeString();
    }
    expectTypeOf(engine.placeCall({ name: 'x' }, 'audio').callId).toBeString();
  });

  it('inputs are checked: unknown types and missing fields do not compile', () => {
    const engine = {} as CallEngine;
    // @ts-expect-error no such input
    engine.send({ type: 'teleport', callId: 'c' });
    // @ts-expect-error hold needs a callId
    engine.send({ type: 'hold' });
    // @ts-expect-error media is audio or video
    engine.placeCall({}, 'fax');
    expectTypeOf<Extract<EngineInput, { type: 'sendDtmf' }>>().toHaveProperty('digits').toBeString();
  });

  it('on() narrows the output by its type', () => {
    const engine = {} as CallEngine;
    engine.on('error', (output) => {
      expectTypeOf(output.error).toEqualTypeOf<RinglineError>();
    });
    engine.on('timeline', (output) => {
      expectTypeOf(output.entry.at).toBeNumber();
    });
    expectTypeOf<Extract<EngineOutput, { type: 'tone'; action: 'start' }>['tone']>().toEqualTypeOf<'ringtone' | 'ringback'>();
  });

  it('the reducer is a plain function of state, event and config', () => {
    expectTypeOf(reduce).returns.toEqualTypeOf<Transition>();
    expectTypeOf<EndReason>().toEqualTypeOf<
      'completed' | 'declined' | 'missed' | 'noAnswer' | 'canceled' | 'answeredElsewhere' | 'transferred' | 'failed' | 'busy' | 'dropped'
    >();
  });

  it('the contract suite takes a factory of adapter + remote driver', () => {
    expectTypeOf(runAdapterContract).parameter(1).returns.toEqualTypeOf<ContractSubject | Promise<ContractSubject>>();
  });

  it('state$ and select$ are RxJS observables of the state and of what the selector returns', () => {
    const engine = {} as CallEngine;
    expectTypeOf(engine.state$).toEqualTypeOf<Observable<EngineState>>();
    expectTypeOf(engine.select$((state) => state.calls.length)).toEqualTypeOf<Observable<number>>();
    expectTypeOf(engine.events$).toEqualTypeOf<Observable<EngineOutput>>();
  });

  it('the HTTP notifier is a Notifier, and the environment check a report of remedies', () => {
    expectTypeOf(createHttpNotifier({ url: 'https://backend.example/notices' })).toMatchTypeOf<Notifier>();
    // @ts-expect-error the notifier needs a url
    createHttpNotifier({});
    const report = checkEnvironment({ desktopOnly: true, screenShare: true });
    expectTypeOf(report).toEqualTypeOf<EnvironmentReport>();
    expectTypeOf(report.problems[0]!.remedy).toBeString();
  });

  it('the testing kit: a virtual clock that moves on request, a loopback adapter with its far side and open tracks', () => {
    const clock = createVirtualClock();
    expectTypeOf(clock).toEqualTypeOf<VirtualClock>();
    expectTypeOf(clock.tick).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(clock.jump).parameter(0).toBeNumber();
    const adapter = createLoopbackAdapter({ clock });
    expectTypeOf(adapter).toEqualTypeOf<LoopbackAdapter>();
    expectTypeOf(adapter).toMatchTypeOf<MediaAdapter>();
    expectTypeOf(adapter.remote.ring).returns.toBeString();
    expectTypeOf(adapter.openTracks('c')).toEqualTypeOf<LoopbackTrack[]>();
    // @ts-expect-error the loopback needs a clock
    createLoopbackAdapter({});
  });
});
