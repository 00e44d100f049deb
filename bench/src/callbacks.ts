// Heap bytes per pending callback on one agent's engine, with 10,000
// pending. `loaded`: the callback list arrives from the backend with a retry
// deadline on every callback (automated, no reply so far), so all 10,000
// deadlines sit in the engine's one timer queue. `requested`: 10,000
// requests arrive one by one while the agent is off duty, each with its
// conversation and timeline entries. Each mode runs in a fresh child process
// with --expose-gc, like memory.ts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { CallEngine } from '@ringline/core';
import { benchRoot, bundleCore, createNoopAdapter, fmtInt, gc, isMain, loadBundledCore, table } from './common.js';

export const PENDING = 10_000;

const modes = {
  loaded: 'callback list from the backend, a retry deadline on each (automated, no reply)',
  requested: 'callbackRequested one by one, agent off duty: callback + conversation + timeline',
} as const;
export type CallbackMode = keyof typeof modes;

export interface CallbackMeasurement {
  mode: CallbackMode;
  description: string;
  pending: number;
  bytesPerCallback: number;
  heapDeltaBytes: number;
  /** Deadlines in the engine's timer queue, and OS timers added: one alarm for all of them. */
  queuedDeadlines: number;
  osTimersAdded: number;
  elapsedMs: number;
}

function activeTimeouts(): number {
  const info = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo;
  return info ? info.call(process).filter((kind) => kind === 'Timeout').length : -1;
}

async function settleHeap(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function fill(engine: CallEngine, mode: CallbackMode, count: number, prefix: string): void {
  const now = engine.now();
  const number = (i: number) => `+1415${String(5_000_000 + i).padStart(7, '0')}`;
  if (mode === 'loaded') {
    const callbacks = Array.from({ length: count }, (_, i) => ({
      id: `${prefix}${i}`, conversationId: `conv-${prefix}${i}`, customer: { number: number(i) }, mode: 'automated' as const, queue: 'support',
      status: 'noReply' as const, assignee: 'agent-ann', requestedAt: now - 600_000, attempts: 1, retryAt: now + 3_600_000 + i * 1_000,
    }));
    const result = engine.send({ type: 'callbacksLoaded', callbacks });
    if (!result.ok) throw result.error;
    return;
  }
  for (let i = 0; i < count; i++) {
    const result = engine.send({ type: 'callbackRequested', callbackId: `${prefix}${i}`, customer: { number: number(i) }, mode: 'manual', queue: 'support' });
    if (!result.ok) throw result.error;
  }
}

export async function measureInProcess(mode: CallbackMode, count = PENDING): Promise<CallbackMeasurement> {
  const { createCallEngine, createAgentDesk } = await loadBundledCore();
  const make = () => createCallEngine({
    adapter: createNoopAdapter(),
    extension: createAgentDesk({ agent: { id: 'agent-ann', queues: ['support'] }, queues: { support: { name: 'Support' } }, closedConversationsKept: 0 }),
  });
  const warm = make();
  fill(warm, mode, 200, 'warm-');
  warm.dispose();
  const engine = make();
  await settleHeap();
  const timersBefore = activeTimeouts();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  fill(engine, mode, count, 'cb-');
  const elapsedMs = performance.now() - started;
  await settleHeap();
  const after = process.memoryUsage().heapUsed;
  const pending = engine.getSnapshot().desk!.callbacks.filter((callback) => callback.status !== 'done').length;
  const measurement: CallbackMeasurement = {
    mode,
    description: modes[mode],
    pending,
    bytesPerCallback: (after - before) / count,
    heapDeltaBytes: after - before,
    queuedDeadlines: engine.pendingTimers().filter((timer) => timer.timer === 'callbackRetry').length,
    osTimersAdded: activeTimeouts() - timersBefore,
    elapsedMs,
  };
  engine.dispose();
  return measurement;
}

function spawnMeasurement(mode: CallbackMode): CallbackMeasurement {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--conditions=@ringline/source', join('src', 'callbacks.ts'), mode],
    { cwd: benchRoot, encoding: 'utf8', timeout: 120_000 },
  );
  if (child.status !== 0) throw new Error(`callbacks child ${mode} failed (${child.status ?? child.signal}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as CallbackMeasurement;
}

export async function runCallbacks(): Promise<CallbackMeasurement[]> {
  await bundleCore();
  return (Object.keys(modes) as CallbackMode[]).map(spawnMeasurement);
}

export function printCallbacks(results: readonly CallbackMeasurement[]): void {
  console.log(`\nCallbacks: heapUsed delta after gc per pending callback, ${fmtInt(PENDING)} pending (fresh process per row)`);
  console.log(table([
    ['mode', 'bytes / callback', 'pending', 'deadlines queued', 'OS timers added', 'fill ms', 'what'],
    ...results.map((m) => [m.mode, fmtInt(m.bytesPerCallback), fmtInt(m.pending), fmtInt(m.queuedDeadlines), fmtInt(m.osTimersAdded), fmtInt(m.elapsedMs), m.description]),
  ], [0, 6]));
}

if (isMain(import.meta.url)) {
  const mode = process.argv[2];
  if (mode !== undefined) {
    if (!(mode in modes)) throw new Error(`unknown mode ${mode}; one of ${Object.keys(modes).join(', ')}`);
    console.log(JSON.stringify(await measureInProcess(mode as CallbackMode)));
  } else {
    printCallbacks(await runCallbacks());
  }
}
