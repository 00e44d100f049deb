// Events per second on one call script, ten events per call:
//   incoming → accept → mediaConnected → setMuted(true) → hold →
//   commandSucceeded(hold) → resume → commandSucceeded(resume) →
//   setMuted(false) → hangUp
// measured on the pure reducer, through the engine runtime, and on an
// equivalent XState v5 machine, in the same process, interleaved in rounds.
// The per-variant factories are exported so a profiler can drive one alone.
import { createActor } from 'xstate';
import type { EngineEvent, EngineState } from '@ringline/core';
import { loopbackCapabilities } from '@ringline/core/testing';
import { bundleCore, createCounterClock, createNoopAdapter, fmt, fmtInt, gc, isMain, loadBundledCore, median, runFor, table } from './common.js';
import { callMachine } from './xstateMachine.js';

// Core from an esbuild bundle, as it ships, not as tsx compiles the source
// (see bundleCore). XState is loaded from its published build as well.
await bundleCore();
const { createAgentDesk, createCallEngine, initialEngineState, reduce, resolveConfig } = await loadBundledCore();

export const EVENTS_PER_CALL = 10;
const BATCH = 1_000;

export interface ThroughputVariant {
  name: string;
  note: string;
  /** Calls (10 events each) completed over all measured rounds. */
  calls: number;
  elapsedMs: number;
  /** Median over the rounds. */
  eventsPerSec: number;
  /** Microseconds per call script (10 events), from the median rate. */
  usPerCall: number;
  /** events/s of each round, in run order. */
  rounds: number[];
}

export interface ThroughputResult {
  eventsPerCall: number;
  /** Measured time per variant, split into `rounds` interleaved rounds. */
  durationMs: number;
  rounds: number;
  variants: ThroughputVariant[];
  /** Engine (resolved-promise adapter) events/s divided by XState send-only events/s. */
  engineOverXstate: number;
  /** Engine (sync send) events/s divided by XState send-only events/s. */
  engineSyncOverXstate: number;
  /** Pure reducer events/s divided by XState send-only events/s. */
  reduceOverXstate: number;
}

let ids = 0;
const nextId = (prefix: string) => `${prefix}${++ids}`;

// (a) The pure reducer: the caller stamps `at` and feeds outcomes itself.
export function reduceBench() {
  const config = resolveConfig(undefined, loopbackCapabilities);
  let state: EngineState = initialEngineState;
  let at = 1_700_000_000_000;
  const step = (event: EngineEvent) => {
    state = reduce(state, event, config).state;
  };
  const script = (callId: string, apply: (event: EngineEvent) => void) => {
    apply({ type: 'incoming', callId, remote: { name: 'x' }, media: 'audio', at: (at += 1_000) });
    apply({ type: 'accept', callId, at: (at += 1_000) });
    apply({ type: 'mediaConnected', callId, at: (at += 1_000) });
    apply({ type: 'setMuted', callId, muted: true, at: (at += 1_000) });
    apply({ type: 'hold', callId, at: (at += 1_000) });
    apply({ type: 'commandSucceeded', command: { name: 'hold', callId }, at: (at += 1_000) });
    apply({ type: 'resume', callId, at: (at += 1_000) });
    apply({ type: 'commandSucceeded', command: { name: 'resume', callId }, at: (at += 1_000) });
    apply({ type: 'setMuted', callId, muted: false, at: (at += 1_000) });
    apply({ type: 'hangUp', callId, at: (at += 1_000) });
  };
  // One checked run: every step applies and the call ends completed with held time.
  const check = () => {
    const callId = nextId('check-');
    script(callId, (event) => {
      const result = reduce(state, event, config);
      if (result.rejected) throw new Error(`reduce rejected ${event.type}: ${result.rejected.message}`);
      state = result.state;
    });
    const last = state.history[0];
    if (state.calls.length !== 0 || last?.id !== callId || last.endReason !== 'completed' || last.heldMs !== 2_000) {
      throw new Error(`reduce script ended unexpectedly: ${JSON.stringify(last)}`);
    }
  };
  return {
    check,
    batch(n: number): bigint {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) script(nextId('r'), step);
      return process.hrtime.bigint() - start;
    },
  };
}

// (b) The engine: adapter events go through `events$` (checked and copied),
// commands through the engine API; the adapter's already-resolved promises
// feed `commandSucceeded` back, so the script awaits one microtask turn after
// hold and after resume. One long-lived engine; history stays at historyLimit.
export function engineBench() {
  const adapter = createNoopAdapter('resolved');
  const clock = createCounterClock();
  const engine = createCallEngine({ adapter, clock });
  let notified = 0;
  engine.subscribe(() => {
    notified++;
  });
  const script = async (callId: string) => {
    clock.advance(1_000);
    adapter.events.next({ type: 'incoming', callId, remote: { name: 'x' }, media: 'audio' });
    clock.advance(1_000);
    engine.accept(callId);
    clock.advance(1_000);
    adapter.events.next({ type: 'mediaConnected', callId });
    clock.advance(1_000);
    engine.setMuted(callId, true);
    clock.advance(1_000);
    engine.hold(callId);
    clock.advance(1_000);
    await null; // the adapter's resolved promise → commandSucceeded(hold)
    clock.advance(1_000);
    engine.resume(callId);
    clock.advance(1_000);
    await null; // → commandSucceeded(resume)
    clock.advance(1_000);
    engine.setMuted(callId, false);
    clock.advance(1_000);
    engine.hangUp(callId);
  };
  return {
    engine,
    notified: () => notified,
    async check() {
      const callId = nextId('check-');
      const before = notified;
      const rejected: string[] = [];
      const off = engine.on('rejected', (output) => rejected.push(`${output.input.type}: ${output.error.message}`));
      await script(callId);
      await null;
      off();
      const state = engine.getSnapshot();
      const last = state.history[0];
      if (rejected.length > 0) throw new Error(`engine rejected: ${rejected.join('; ')}`);
      if (state.calls.length !== 0 || last?.id !== callId || last.endReason !== 'completed' || last.heldMs !== 2_000) {
        throw new Error(`engine script ended unexpectedly: ${JSON.stringify(last)}`);
      }
      if (notified - before !== EVENTS_PER_CALL) throw new Error(`listener saw ${notified - before} changes, expected ${EVENTS_PER_CALL}`);
      if (engine.pendingTimers().length !== 0) throw new Error('a ring timer is still armed');
    },
    async batch(n: number): Promise<bigint> {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await script(nextId('e'));
      return process.hrtime.bigint() - start;
    },
  };
}

// (b') The engine driven synchronously: adapter promises never settle and the
// bench sends both commandSucceeded events itself, exactly as for XState.
export function engineSyncBench() {
  const adapter = createNoopAdapter('never');
  const clock = createCounterClock();
  const engine = createCallEngine({ adapter, clock });
  let notified = 0;
  engine.subscribe(() => {
    notified++;
  });
  const script = (callId: string) => {
    clock.advance(1_000);
    adapter.events.next({ type: 'incoming', callId, remote: { name: 'x' }, media: 'audio' });
    clock.advance(1_000);
    engine.accept(callId);
    clock.advance(1_000);
    adapter.events.next({ type: 'mediaConnected', callId });
    clock.advance(1_000);
    engine.setMuted(callId, true);
    clock.advance(1_000);
    engine.hold(callId);
    clock.advance(1_000);
    engine.send({ type: 'commandSucceeded', command: { name: 'hold', callId } });
    clock.advance(1_000);
    engine.resume(callId);
    clock.advance(1_000);
    engine.send({ type: 'commandSucceeded', command: { name: 'resume', callId } });
    clock.advance(1_000);
    engine.setMuted(callId, false);
    clock.advance(1_000);
    engine.hangUp(callId);
  };
  return {
    engine,
    check() {
      const callId = nextId('check-');
      const before = notified;
      script(callId);
      const last = engine.getSnapshot().history[0];
      if (last?.id !== callId || last.endReason !== 'completed' || last.heldMs !== 2_000) {
        throw new Error(`engine (sync) script ended unexpectedly: ${JSON.stringify(last)}`);
      }
      if (notified - before !== EVENTS_PER_CALL) throw new Error(`listener saw ${notified - before} changes, expected ${EVENTS_PER_CALL}`);
    },
    batch(n: number): bigint {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) script(nextId('s'));
      return process.hrtime.bigint() - start;
    },
  };
}

export const AGENT_EVENTS_PER_CALL = 12;

// (d) An agent's engine (call engine + desk extension) on the full agent
// script of 003: offer → accept → mediaConnected → hold → commandSucceeded(hold)
// → transfer → transferFailed(busy) → resume → commandSucceeded(resume) →
// hangUp → extendWrapUp(+10 s) → closeWrapUp. Adapter promises never settle;
// the bench feeds outcomes, as in (b').
export function agentBench() {
  const adapter = Object.assign(createNoopAdapter('never'), {
    capabilities: { ...loopbackCapabilities, transferTargets: ['agent', 'queue', 'external'] as const },
    transfer: () => new Promise<void>(() => undefined),
  });
  const clock = createCounterClock();
  const desk = createAgentDesk({
    agent: { id: 'agent-ann', queues: ['support'] },
    queues: { support: { name: 'Support', autoAssign: true, holdAudio: { kind: 'music', url: 'https://cdn.example/hold.mp3' } } },
    wrapUp: { allowTenSeconds: true },
  });
  const engine = createCallEngine({ adapter, clock, extension: desk });
  engine.send({ type: 'setDuty', onDuty: true });
  engine.send({ type: 'directoryUpdated', agents: [{ id: 'agent-cy', queues: ['support'], presence: 'available' }] });
  let notified = 0;
  engine.subscribe(() => {
    notified++;
  });
  const events = adapter.events as unknown as { next(event: unknown): void };
  const target = { kind: 'agent', agentId: 'agent-cy' } as const;
  const script = (callId: string) => {
    clock.advance(1_000);
    events.next({ type: 'offer', callId, remote: { name: 'x' }, media: 'audio', queue: 'support' });
    clock.advance(1_000);
    engine.accept(callId);
    clock.advance(1_000);
    events.next({ type: 'mediaConnected', callId });
    clock.advance(1_000);
    engine.hold(callId);
    clock.advance(1_000);
    engine.send({ type: 'commandSucceeded', command: { name: 'hold', callId } });
    clock.advance(1_000);
    engine.send({ type: 'transfer', callId, target });
    clock.advance(1_000);
    events.next({ type: 'transferFailed', callId, transferId: `${callId}#1`, reason: 'busy' });
    clock.advance(1_000);
    engine.resume(callId);
    clock.advance(1_000);
    engine.send({ type: 'commandSucceeded', command: { name: 'resume', callId } });
    clock.advance(1_000);
    engine.hangUp(callId);
    clock.advance(1_000);
    engine.send({ type: 'extendWrapUp', by: 'tenSeconds' });
    clock.advance(1_000);
    engine.send({ type: 'closeWrapUp', conversation: 'close' });
  };
  return {
    engine,
    check() {
      const callId = nextId('check-');
      const before = notified;
      const rejected: string[] = [];
      const off = engine.on('rejected', (output) => rejected.push(`${output.input.type}: ${output.error.message}`));
      script(callId);
      off();
      const state = engine.getSnapshot();
      const last = state.history[0];
      if (rejected.length > 0) throw new Error(`agent engine rejected: ${rejected.join('; ')}`);
      if (last?.id !== callId || last.endReason !== 'completed' || last.heldMs !== 4_000 || state.desk?.wrapUp) {
        throw new Error(`agent script ended unexpectedly: ${JSON.stringify(last)} wrap-up ${JSON.stringify(state.desk?.wrapUp)}`);
      }
      const timeline = state.desk?.conversations.find((c) => c.id === `conv-${callId}`)?.timeline.map((e) => e.kind).join(' ');
      const expected = 'callOffered callAnswered callOnHold transferStarted transferFailed callResumed callEnded wrapUpStarted wrapUpExtended wrapUpEnded statusChanged';
      if (timeline !== expected) throw new Error(`agent timeline: ${timeline}`);
      if (notified - before !== AGENT_EVENTS_PER_CALL) throw new Error(`listener saw ${notified - before} changes, expected ${AGENT_EVENTS_PER_CALL}`);
    },
    batch(n: number): bigint {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) script(nextId('a'));
      return process.hrtime.bigint() - start;
    },
  };
}

// (c) XState v5: one actor per call (the equivalent of a new call), one subscriber each.
export function xstateBench() {
  let notified = 0;
  const observer = () => {
    notified++;
  };
  const sendScript = (actor: ReturnType<typeof createActor<typeof callMachine>>, callId: string) => {
    actor.send({ type: 'incoming', callId, remote: { name: 'x' }, media: 'audio' });
    actor.send({ type: 'accept', callId });
    actor.send({ type: 'mediaConnected', callId });
    actor.send({ type: 'setMuted', callId, muted: true });
    actor.send({ type: 'hold', callId });
    actor.send({ type: 'commandSucceeded', command: { name: 'hold', callId } });
    actor.send({ type: 'resume', callId });
    actor.send({ type: 'commandSucceeded', command: { name: 'resume', callId } });
    actor.send({ type: 'setMuted', callId, muted: false });
    actor.send({ type: 'hangUp', callId });
  };
  const startActor = () => {
    const actor = createActor(callMachine);
    actor.subscribe(observer);
    actor.start();
    return actor;
  };
  return {
    check() {
      const actor = startActor();
      const before = notified;
      const callId = nextId('check-');
      const seen: string[] = [];
      actor.subscribe((snapshot) => seen.push(JSON.stringify(snapshot.value)));
      sendScript(actor, callId);
      const snapshot = actor.getSnapshot();
      if (snapshot.status !== 'done' || !snapshot.matches('ended')) throw new Error(`xstate ended in ${JSON.stringify(snapshot.value)}`);
      const expected = ['"ringing"', '"connecting"', '{"connected":"off"}', '{"connected":"off"}', '{"connected":"holding"}', '{"connected":"on"}',
        '{"connected":"resuming"}', '{"connected":"off"}', '{"connected":"off"}', '"ended"'];
      if (JSON.stringify(seen) !== JSON.stringify(expected)) throw new Error(`xstate went through ${seen.join(' → ')}`);
      if (notified - before !== EVENTS_PER_CALL) throw new Error(`xstate observer saw ${notified - before} snapshots, expected ${EVENTS_PER_CALL}`);
    },
    /** Actors are created and started outside the measured time. */
    sendOnly(n: number): bigint {
      const actors = new Array<ReturnType<typeof startActor>>(n);
      for (let i = 0; i < n; i++) actors[i] = startActor();
      const callIds = new Array<string>(n);
      for (let i = 0; i < n; i++) callIds[i] = nextId('x');
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) sendScript(actors[i]!, callIds[i]!);
      return process.hrtime.bigint() - start;
    },
    /** createActor + subscribe + start + the ten sends. */
    withStart(n: number): bigint {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) sendScript(startActor(), nextId('x'));
      return process.hrtime.bigint() - start;
    },
  };
}

interface Contender {
  name: string;
  note: string;
  /** Events in one run of its script, when not the 10 of the call script. */
  eventsPerCall?: number;
  batch: (n: number) => bigint | Promise<bigint>;
}

/**
 * Warms every contender up, then runs them interleaved in `rounds` rounds of
 * durationMs / rounds each, so a noisy neighbour on a small VM hits them all
 * alike; reports the median round.
 */
export async function runThroughput(options: { durationMs?: number; warmupMs?: number; rounds?: number } = {}): Promise<ThroughputResult> {
  const durationMs = options.durationMs ?? 2_000;
  const warmupMs = options.warmupMs ?? 300;
  const rounds = options.rounds ?? 4;

  const r = reduceBench();
  const e = engineBench();
  const s = engineSyncBench();
  const x = xstateBench();
  const a = agentBench();
  a.check();
  r.check();
  await e.check();
  s.check();
  x.check();

  const contenders: Contender[] = [
    { name: 'reduce (pure)', note: 'reduce(state, event, config); the caller stamps `at`', batch: (n) => r.batch(n) },
    {
      name: 'engine',
      note: 'createCallEngine + 1 subscriber; adapter events via events$ (checked and copied); outcomes via resolved promises',
      batch: (n) => e.batch(n),
    },
    {
      name: 'engine (sync send)',
      note: 'as engine, but adapter promises never settle and commandSucceeded is sent by the bench, as for XState',
      batch: (n) => s.batch(n),
    },
    { name: 'xstate send only', note: 'actor.send ×10 on a started actor with 1 subscriber', batch: (n) => x.sendOnly(n) },
    { name: 'xstate incl. actor start', note: 'createActor + subscribe + start + send ×10', batch: (n) => x.withStart(n) },
    {
      name: 'agent engine, full agent script',
      note: 'createCallEngine + createAgentDesk, 12 events: offer, accept, connected, hold, transfer fails, resume, hang-up, wrap-up +10 s, close',
      eventsPerCall: AGENT_EVENTS_PER_CALL,
      batch: (n) => a.batch(n),
    },
  ];

  for (const contender of contenders) await runFor(contender.batch, warmupMs, BATCH);
  const runs = contenders.map(() => [] as { iterations: number; elapsedMs: number }[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, contender] of contenders.entries()) {
      gc();
      runs[i]!.push(await runFor(contender.batch, durationMs / rounds, BATCH));
    }
  }
  e.engine.dispose();
  s.engine.dispose();
  a.engine.dispose();

  const variants: ThroughputVariant[] = contenders.map((contender, i) => {
    const stats = runs[i]!;
    const eventsPerCall = contender.eventsPerCall ?? EVENTS_PER_CALL;
    const rates = stats.map((run) => (run.iterations * eventsPerCall) / (run.elapsedMs / 1_000));
    const eventsPerSec = median(rates);
    return {
      name: contender.name,
      note: contender.note,
      calls: stats.reduce((sum, run) => sum + run.iterations, 0),
      elapsedMs: stats.reduce((sum, run) => sum + run.elapsedMs, 0),
      eventsPerSec,
      usPerCall: (eventsPerCall / eventsPerSec) * 1e6,
      rounds: rates.map((rate) => Math.round(rate)),
    };
  });
  const rate = (name: string) => variants.find((v) => v.name === name)!.eventsPerSec;
  return {
    eventsPerCall: EVENTS_PER_CALL,
    durationMs,
    rounds,
    variants,
    engineOverXstate: rate('engine') / rate('xstate send only'),
    engineSyncOverXstate: rate('engine (sync send)') / rate('xstate send only'),
    reduceOverXstate: rate('reduce (pure)') / rate('xstate send only'),
  };
}

export function printThroughput(result: ThroughputResult): void {
  console.log(`\nThroughput: ${result.eventsPerCall}-event call script, ${result.durationMs / 1_000} s per variant in ${result.rounds} interleaved rounds (median)`);
  console.log(table([
    ['variant', 'events/s', 'µs/call', 'calls', 'round min–max events/s'],
    ...result.variants.map((v) => [v.name, fmtInt(v.eventsPerSec), fmt(v.usPerCall), fmtInt(v.calls),
      `${fmtInt(Math.min(...v.rounds))}–${fmtInt(Math.max(...v.rounds))}`]),
  ]));
  console.log(`engine / xstate (send only): ${fmt(result.engineOverXstate)}×   engine sync / xstate: ${fmt(result.engineSyncOverXstate)}×   reduce / xstate: ${fmt(result.reduceOverXstate)}×`);
}

if (isMain(import.meta.url)) {
  printThroughput(await runThroughput());
}
