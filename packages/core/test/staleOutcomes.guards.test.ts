// Guards that decide between an outcome and the state it finds, driven on the
// pure reducers: an engine replaces a timer when its deadline moves, so these
// inputs only come from a replayed or reordered event log, which the reducer
// must still get right. And outcomes whose wrong reading no scenario showed.
import { describe, expect, it } from 'vitest';
import { type DirectoryAgent, type EngineInput, type EngineState, getCall, reduce, type TransferTarget } from '../src/index.js';
import { deskReducerOnCall } from './deskSupport.js';
import { harness } from './support.js';

const CUSTOMER = '+14155550142';
const directory: DirectoryAgent[] = [{ id: 'agent-bob', name: 'Bob', presence: 'available', queues: ['support'] }];
const bob: TransferTarget = { kind: 'agent', agentId: 'agent-bob', name: 'Bob' };

function callSteps() {
  const config = harness().engine.config;
  let state: EngineState = harness().engine.getSnapshot();
  const step = (event: EngineInput | { type: 'timerFired'; timer: string; callId: string; deadline: number }, at: number) => {
    const result = reduce(state, { ...event, at } as never, config);
    state = result.state;
    return result;
  };
  return { step, state: () => state, config };
}

describe('call outcomes', () => {
  it('a hold timer of an earlier request (a different deadline) rolls nothing back', () => {
    const { step, state, config } = callSteps();
    step({ type: 'incoming', callId: 'c', remote: { name: 'Ann' }, media: 'audio' } as never, 0);
    step({ type: 'accept', callId: 'c' }, 1);
    step({ type: 'mediaConnected', callId: 'c' }, 2);
    step({ type: 'hold', callId: 'c' }, 10);
    const answerBy = getCall(state(), 'c')!.holdAnswerBy!;
    expect(answerBy).toBe(10 + config.holdTimeoutMs);
    const stale = step({ type: 'timerFired', timer: 'hold', callId: 'c', deadline: answerBy - 1 }, answerBy - 1);
    expect(stale.effects).toEqual([]);
    expect(stale.rejected?.code).toBe('invalidState');
    expect(getCall(state(), 'c')!.hold.status).toBe('holding');
    step({ type: 'timerFired', timer: 'hold', callId: 'c', deadline: answerBy }, answerBy);
    expect(getCall(state(), 'c')!.hold.status).toBe('off');
  });

  it('a DTMF send the adapter refused is marked failed on its own log entry', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    adapter.failNext('sendDtmf');
    engine.sendDtmf(callId, '1');
    engine.sendDtmf(callId, '2');
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)!.dtmf.map((entry) => [entry.digits, entry.status])).toEqual([['1', 'failed'], ['2', 'sent']]);
  });

  it('an outbound call the far side refuses is no missed call; an inbound one its caller stops ringing for (noAnswer) is', () => {
    const { step, state } = callSteps();
    step({ type: 'placeCall', callId: 'out', to: { name: 'Bea' }, media: 'audio' }, 0);
    step({ type: 'remoteEnded', callId: 'out', reason: 'declined' } as never, 5);
    expect(state().history[0]).toMatchObject({ id: 'out', endReason: 'declined' });
    expect(state().missed).toEqual([]);
    step({ type: 'incoming', callId: 'in', remote: { name: 'Cy' }, media: 'audio' } as never, 10);
    step({ type: 'remoteEnded', callId: 'in', reason: 'noAnswer' } as never, 20);
    expect(state().history[0]).toMatchObject({ id: 'in', endReason: 'missed' });
    expect(state().missed.map((entry) => [entry.callId, entry.reason])).toEqual([['in', 'missed']]);
  });
});

describe('desk outcomes', () => {
  it('a wrap-up timer for the deadline before an extension ends nothing; the extended one does', () => {
    const { step, state } = deskReducerOnCall(directory);
    step({ type: 'hangUp', callId: 'c1' }, 2_000);
    const first = state().desk!.wrapUp!.deadline;
    step({ type: 'extendWrapUp', by: 'tenSeconds' } as never, 3_000);
    expect(state().desk!.wrapUp!.deadline).toBe(first + 10_000);
    step({ type: 'timerFired', timer: 'wrapUp', callId: 'c1', deadline: first }, first);
    expect(state().desk!.wrapUp).toBeDefined();
    step({ type: 'timerFired', timer: 'wrapUp', callId: 'c1', deadline: first + 10_000 }, first + 10_000);
    expect(state().desk!.wrapUp).toBeUndefined();
  });

  it('the no-answer timer of a transfer taken back fails no later attempt; a repeated ringing is logged once', () => {
    const { step, state } = deskReducerOnCall(directory);
    step({ type: 'transfer', callId: 'c1', target: bob }, 5_000);
    const firstDeadline = state().desk!.calls[0]!.transfer!.deadline;
    step({ type: 'cancelTransfer', callId: 'c1' } as never, 6_000);
    step({ type: 'transfer', callId: 'c1', target: bob }, 7_000);
    step({ type: 'transferRinging', callId: 'c1', transferId: 'c1#2' } as never, 7_100);
    step({ type: 'transferRinging', callId: 'c1', transferId: 'c1#2' } as never, 7_200);
    step({ type: 'timerFired', timer: 'transfer', callId: 'c1', deadline: firstDeadline }, firstDeadline);
    expect(state().desk!.calls[0]!.transfer).toMatchObject({ id: 'c1#2', stage: 'ringing' });
    const ringing = state().desk!.conversations[0]!.timeline.filter((event) => event.kind === 'transferRinging');
    expect(ringing.map((event) => event.at)).toEqual([7_100]);
  });
});
