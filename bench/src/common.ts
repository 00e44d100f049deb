// Shared pieces of the benchmarks: a no-op media adapter, a timing loop and
// number formatting. Nothing here asserts on speed; the scripts only print.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Subject, asyncScheduler } from 'rxjs';
import type { AdapterEvent, Clock, MediaAdapter } from '@ringline/core';
import { loopbackCapabilities } from '@ringline/core/testing';

export const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = join(benchRoot, '.bench-out');

const bundlePath = join(outDir, 'core.bundle.mjs');

/**
 * Bundles core's source (and its dependencies) for Node as a build would,
 * without the keepNames that tsx compiles with: its __name() wraps every
 * closure a function creates, a cost (and in memory, dictionary-mode
 * closures) that no shipped build has.
 */
export async function bundleCore(): Promise<void> {
  await build({
    stdin: { contents: "export * from '@ringline/core';", resolveDir: join(benchRoot, 'src'), loader: 'ts', sourcefile: 'core.ts' },
    bundle: true,
    outfile: bundlePath,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@ringline/source'],
    logLevel: 'silent',
  });
}

/** Core from the bundle `bundleCore` wrote. */
export async function loadBundledCore(): Promise<typeof import('@ringline/core')> {
  return (await import(pathToFileURL(bundlePath).href)) as typeof import('@ringline/core');
}

/** True when `import.meta.url` is the script node was started with. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === metaUrl;
}

const resolved: Promise<void> = Promise.resolve();
const ok = (): Promise<void> => resolved;
const executor = (): void => undefined;
// A fresh promise each time: reactions on one shared never-settling promise would pile up forever.
const pending = (): Promise<void> => new Promise<void>(executor);

export interface NoopAdapter extends MediaAdapter {
  readonly events: Subject<AdapterEvent>;
}

/**
 * A media adapter that does nothing: every command returns an already
 * resolved promise (or, with `settle: 'never'`, one that never settles, so the
 * bench feeds `commandSucceeded` itself). Methods are shared functions; each
 * instance owns only its object and its Subject.
 */
export function createNoopAdapter(settle: 'resolved' | 'never' = 'resolved'): NoopAdapter {
  const events = new Subject<AdapterEvent>();
  const run = settle === 'resolved' ? ok : pending;
  return {
    capabilities: loopbackCapabilities,
    events,
    events$: events,
    connect: run,
    disconnect: run,
    setMuted: run,
    setCamera: run,
    startScreenShare: run,
    stopScreenShare: run,
    hold: run,
    resume: run,
    sendDtmf: run,
    reconnect: run,
    dispose: () => events.complete(),
  };
}

/** A clock whose time only moves when the bench says so; timers still go to rxjs's asyncScheduler. */
export function createCounterClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    scheduler: asyncScheduler,
    advance(ms: number) {
      t += ms;
    },
  };
}

export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('Run node with --expose-gc');
  collect();
  collect();
}

export interface RunStats {
  /** Iterations (calls) completed in the measured window. */
  iterations: number;
  /** Measured time, milliseconds. */
  elapsedMs: number;
}

/**
 * Calls `batch(batchSize)` (which performs that many iterations and returns
 * the nanoseconds it wants counted) until `budgetMs` of counted time has passed.
 */
export async function runFor(batch: (n: number) => bigint | Promise<bigint>, budgetMs: number, batchSize: number): Promise<RunStats> {
  let counted = 0n;
  let iterations = 0;
  const budget = BigInt(Math.round(budgetMs * 1e6));
  while (counted < budget) {
    counted += await batch(batchSize);
    iterations += batchSize;
  }
  return { iterations, elapsedMs: Number(counted) / 1e6 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmt(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function kb(bytes: number): string {
  return `${fmt(bytes / 1024, 2)} KB`;
}

/** Formats rows as an aligned text table: columns in `leftColumns` (labels, notes) flush left, the rest (numbers) right. */
export function table(rows: readonly (readonly string[])[], leftColumns: readonly number[] = [0]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (leftColumns.includes(i) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n');
}
