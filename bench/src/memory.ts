// Heap bytes per engine holding one ringing call with a real 30 s deadline,
// against XState actors ringing with a 30 s `after` timer. Each measurement
// runs in a fresh child process (this file with a mode argument) so that one
// measurement's garbage and JIT state cannot leak into another's.
//
// The engine rows load core from an esbuild bundle of the source (see
// bundleCore in common.ts). Core run as
// source through tsx costs more: tsx compiles with esbuild's keepNames, whose
// __name() turns the arrow-function class fields (getSnapshot, subscribe)
// into dictionary-mode closures, 2 × 256 B per engine that no build ships.
// The `engineViaTsx` row shows that variant for reference.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createActor } from 'xstate';
import type { CallEngine } from '@ringline/core';
import { benchRoot, bundleCore, createNoopAdapter, fmt, fmtInt, gc, isMain, loadBundledCore, table } from './common.js';
import { callMachine } from './xstateMachine.js';

export const COUNT = 10_000;

type Core = typeof import('@ringline/core');
type CoreBuild = 'bundle' | 'tsx source' | 'none';

const modes = {
  engine: { core: 'bundle', description: 'engine + its own no-op adapter, one ringing call' },
  engineSharedAdapter: { core: 'bundle', description: 'engine sharing one no-op adapter with all others, one ringing call' },
  engineIdle: { core: 'bundle', description: 'engine sharing one adapter, no call (what an idle engine costs)' },
  xstate: { core: 'none', description: 'XState actor started, ringing with its 30 s after timer' },
  engineViaTsx: { core: 'tsx source', description: 'as engine, core run as source through tsx (keepNames artifact)' },
} as const satisfies Record<string, { core: CoreBuild; description: string }>;
export type MemoryMode = keyof typeof modes;

async function loadCore(core: CoreBuild): Promise<Core> {
  return core === 'bundle' ? loadBundledCore() : import('@ringline/core');
}

export interface MemoryMeasurement {
  mode: MemoryMode;
  description: string;
  /** Where core was loaded from. */
  core: CoreBuild;
  count: number;
  bytesPerInstance: number;
  heapDeltaBytes: number;
  /** Timers armed while the instances were alive (checked, not assumed). */
  armedTimers: number;
}

export interface MemoryResult {
  count: number;
  measurements: MemoryMeasurement[];
  /** engine (own adapter) bytes divided by XState actor bytes. */
  engineOverXstate: number;
  engineSharedOverXstate: number;
}

function activeTimeouts(): number {
  const getActiveResourcesInfo = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo;
  return getActiveResourcesInfo ? getActiveResourcesInfo.call(process).filter((kind) => kind === 'Timeout').length : -1;
}

/** Creates `n` instances for a mode and returns a disposer. */
function create(mode: MemoryMode, { createCallEngine }: Core, n: number, prefix: string): () => void {
  if (mode === 'xstate') {
    const actors = new Array<ReturnType<typeof createActor<typeof callMachine>>>(n);
    for (let i = 0; i < n; i++) {
      const actor = createActor(callMachine);
      actor.start();
      actor.send({ type: 'incoming', callId: `${prefix}${i}`, remote: { name: 'x' }, media: 'audio' });
      actors[i] = actor;
    }
    return () => {
      for (const actor of actors) actor.stop();
    };
  }
  const shared = mode === 'engine' || mode === 'engineViaTsx' ? undefined : createNoopAdapter();
  const engines = new Array<CallEngine>(n);
  for (let i = 0; i < n; i++) {
    // Real systemClock (Date.now + rxjs asyncScheduler): the ring deadline arms a real timer.
    const engine = createCallEngine({ adapter: shared ?? createNoopAdapter() });
    if (mode !== 'engineIdle') engine.send({ type: 'incoming', callId: `${prefix}${i}`, remote: { name: 'x' }, media: 'audio' });
    engines[i] = engine;
  }
  return () => {
    for (const engine of engines) engine.dispose();
    shared?.dispose();
  };
}

/** Full collections with turns of the event loop between them, so concurrent sweeping has finished before heapUsed is read. */
async function settleHeap(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs in the child: measure one mode and print one JSON line. */
export async function measureInProcess(mode: MemoryMode, count = COUNT): Promise<MemoryMeasurement> {
  const core = await loadCore(modes[mode].core);
  // Warm up: load code paths, lazy module state and JIT before the baseline.
  create(mode, core, 200, 'warm-')();
  await settleHeap();
  const timersBefore = activeTimeouts();
  const before = process.memoryUsage().heapUsed;
  const dispose = create(mode, core, count, 'call-');
  await settleHeap();
  const after = process.memoryUsage().heapUsed;
  const armedTimers = activeTimeouts() - timersBefore;
  dispose();
  return {
    mode,
    description: modes[mode].description,
    core: modes[mode].core,
    count,
    bytesPerInstance: (after - before) / count,
    heapDeltaBytes: after - before,
    armedTimers,
  };
}

function spawnMeasurement(mode: MemoryMode): MemoryMeasurement {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--conditions=@ringline/source', join('src', 'memory.ts'), mode],
    { cwd: benchRoot, encoding: 'utf8', timeout: 60_000 },
  );
  if (child.status !== 0) throw new Error(`memory child ${mode} failed (${child.status ?? child.signal}): ${child.stderr}`);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as MemoryMeasurement;
}

export async function runMemory(): Promise<MemoryResult> {
  await bundleCore();
  const measurements = (Object.keys(modes) as MemoryMode[]).map(spawnMeasurement);
  const bytes = (mode: MemoryMode) => measurements.find((m) => m.mode === mode)!.bytesPerInstance;
  return {
    count: COUNT,
    measurements,
    engineOverXstate: bytes('engine') / bytes('xstate'),
    engineSharedOverXstate: bytes('engineSharedAdapter') / bytes('xstate'),
  };
}

export function printMemory(result: MemoryResult): void {
  console.log(`\nMemory: heapUsed delta after gc, ${fmtInt(result.count)} instances each (fresh process per row)`);
  console.log(table([
    ['instance', 'bytes each', 'OS timers added', 'core', 'what'],
    ...result.measurements.map((m) => [m.mode, fmtInt(m.bytesPerInstance), fmtInt(m.armedTimers), m.core, m.description]),
  ], [0, 3, 4]));
  console.log(`engine / xstate actor: ${fmt(result.engineOverXstate)}×   engine (shared adapter) / xstate actor: ${fmt(result.engineSharedOverXstate)}×`);
}

if (isMain(import.meta.url)) {
  // `src/memory.ts <mode>` measures one mode and prints one JSON line; no argument runs them all.
  const mode = process.argv[2];
  if (mode !== undefined) {
    if (!(mode in modes)) throw new Error(`unknown mode ${mode}; one of ${Object.keys(modes).join(', ')}`);
    console.log(JSON.stringify(await measureInProcess(mode as MemoryMode)));
  } else {
    printMemory(await runMemory());
  }
}
