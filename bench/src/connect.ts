// Wall-clock time from `placeCall` to phase `connected` on the loopback
// adapter with zero latency and the real clock. This is the engine's own
// overhead plus the scheduler hops the loopback makes (connect → auto-answer
// → remoteJoined → mediaConnected, each via rxjs's asyncScheduler, i.e. a
// setInterval(0) of about 1 ms in Node). Real WebRTC connect time will come
// from the p2p adapter.
import { performance } from 'node:perf_hooks';
import { createCallEngine, getCall, systemClock } from '@ringline/core';
import { createLoopbackAdapter } from '@ringline/core/testing';
import { fmt, fmtInt, isMain, table } from './common.js';

export interface ConnectResult {
  calls: number;
  medianUs: number;
  p95Us: number;
  minUs: number;
  maxUs: number;
  meanUs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function runConnect(calls = 1_000, warmup = 50): Promise<ConnectResult> {
  const adapter = createLoopbackAdapter({ clock: systemClock, latencyMs: 0, autoAnswerAfterMs: 0 });
  const engine = createCallEngine({ adapter, clock: systemClock });
  let waiting: { callId: string; resolve: () => void } | undefined;
  engine.subscribe((state) => {
    if (waiting && getCall(state, waiting.callId)?.phase === 'connected') {
      const { resolve } = waiting;
      waiting = undefined;
      resolve();
    }
  });
  const failures: string[] = [];
  engine.on('rejected', (output) => failures.push(`${output.input.type}: ${output.error.message}`));
  engine.on('error', (output) => failures.push(output.error.message));

  const samples: number[] = [];
  for (let i = 0; i < warmup + calls; i++) {
    let guard: NodeJS.Timeout | undefined;
    const connected = new Promise<void>((resolve, reject) => {
      waiting = { callId: `connect-${i}`, resolve };
      // Without this, a call that never connects would leave nothing pending and Node would exit silently.
      guard = setTimeout(() => reject(new Error(`call connect-${i} did not connect within 5 s: ${failures.join('; ') || 'no error reported'}`)), 5_000);
    });
    const start = performance.now();
    const placed = engine.placeCall({ name: 'Loopback' }, 'audio', { callId: `connect-${i}` });
    if (!placed.ok) throw new Error(`placeCall failed: ${placed.error.message}`);
    await connected;
    clearTimeout(guard);
    const elapsedUs = (performance.now() - start) * 1_000;
    if (i >= warmup) samples.push(elapsedUs);
    engine.hangUp(placed.callId);
    if (failures.length > 0) throw new Error(`loopback call failed: ${failures.join('; ')}`);
  }
  engine.dispose();

  samples.sort((a, b) => a - b);
  return {
    calls,
    medianUs: percentile(samples, 50),
    p95Us: percentile(samples, 95),
    minUs: samples[0]!,
    maxUs: samples[samples.length - 1]!,
    meanUs: samples.reduce((sum, x) => sum + x, 0) / samples.length,
  };
}

export function printConnect(result: ConnectResult): void {
  console.log(`\nConnect: placeCall → connected, loopback latency 0, real clock, ${fmtInt(result.calls)} calls (µs)`);
  console.log(table([
    ['median', 'p95', 'min', 'max', 'mean'],
    [fmt(result.medianUs, 0), fmt(result.p95Us, 0), fmt(result.minUs, 0), fmt(result.maxUs, 0), fmt(result.meanUs, 0)],
  ], []));
}

if (isMain(import.meta.url)) {
  printConnect(await runConnect());
}
