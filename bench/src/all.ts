// Runs every benchmark in sequence, prints a summary and writes the numbers
// to bench/.bench-out/results.json. Prints only; nothing fails on speed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { printBundleSize, runBundleSize } from './bundleSize.js';
import { printCallbacks, runCallbacks } from './callbacks.js';
import { fmt, fmtInt, kb, outDir, table } from './common.js';
import { printConnect, runConnect } from './connect.js';
import { printMemory, runMemory } from './memory.js';
import { printP2PConnect, runP2PConnect } from './p2pConnect.js';
import { printThroughput, runThroughput } from './throughput.js';

const started = Date.now();
const cpu = cpus();
const environment = {
  date: new Date(started).toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
};
console.log(`Ringline benchmarks — ${environment.date}, Node ${environment.node}, ${environment.platform}, ${environment.cpu}`);

const throughput = await runThroughput();
printThroughput(throughput);
const connect = await runConnect();
printConnect(connect);
const bundleSize = await runBundleSize();
printBundleSize(bundleSize);
const memory = await runMemory();
printMemory(memory);
const callbacks = await runCallbacks();
printCallbacks(callbacks);
const p2pConnect = await runP2PConnect();
printP2PConnect(p2pConnect);

const rate = (name: string) => throughput.variants.find((v) => v.name === name)?.eventsPerSec ?? NaN;
const bytes = (mode: string) => memory.measurements.find((m) => m.mode === mode)?.bytesPerInstance ?? NaN;
const gz = (name: string) => bundleSize.measurements.find((m) => m.name === name)?.gzipBytes ?? NaN;
const verdict = (value: number, target: number) => `< ${kb(target)}: ${value < target ? 'ok' : 'over'}`;

console.log('\nSummary');
console.log(table([
  ['metric', 'value', 'note'],
  ['reduce, events/s', fmtInt(rate('reduce (pure)')), `${fmt(throughput.reduceOverXstate)}× xstate send`],
  ['engine, events/s', fmtInt(rate('engine')), `${fmt(throughput.engineOverXstate)}× xstate send`],
  ['engine sync send, events/s', fmtInt(rate('engine (sync send)')), `${fmt(throughput.engineSyncOverXstate)}× xstate send`],
  ['xstate send only, events/s', fmtInt(rate('xstate send only')), ''],
  ['xstate incl. start, events/s', fmtInt(rate('xstate incl. actor start')), ''],
  ['agent engine, full agent script, events/s', fmtInt(rate('agent engine, full agent script')), `${fmt(rate('agent engine, full agent script') / rate('engine (sync send)'))}× the call script (sync send)`],
  ['bytes / ringing engine', fmtInt(bytes('engine')), `${fmt(memory.engineOverXstate)}× xstate actor`],
  ['bytes / ringing engine, shared adapter', fmtInt(bytes('engineSharedAdapter')), `${fmt(memory.engineSharedOverXstate)}× xstate actor`],
  ['bytes / idle engine, shared adapter', fmtInt(bytes('engineIdle')), ''],
  ['bytes / ringing xstate actor', fmtInt(bytes('xstate')), ''],
  ...callbacks.map((m) => [`bytes / pending callback (${m.mode})`, fmtInt(m.bytesPerCallback), `${fmtInt(m.pending)} pending, ${fmtInt(m.queuedDeadlines)} deadlines, ${fmtInt(m.osTimersAdded)} OS timer(s)`]),
  ['visitor path, own code, gz', kb(gz('visitor path, own code')), verdict(gz('visitor path, own code'), bundleSize.targets.ownGzBytes)],
  ['visitor path, with deps, gz', kb(gz('visitor path, with deps')), verdict(gz('visitor path, with deps'), bundleSize.targets.withDepsGzBytes)],
  ['everything, own code, gz', kb(gz('everything, own code')), verdict(gz('everything, own code'), bundleSize.targets.everythingOwnGzBytes)],
  ['everything, with deps, gz', kb(gz('everything, with deps')), ''],
  ['connect median / p95, µs', `${fmtInt(connect.medianUs)} / ${fmtInt(connect.p95Us)}`, 'loopback, latency 0, real clock'],
], [0, 2]));

const elapsedMs = Date.now() - started;
mkdirSync(outDir, { recursive: true });
const file = join(outDir, 'results.json');
writeFileSync(file, `${JSON.stringify({ environment, elapsedMs, throughput, memory, callbacks, bundleSize, connect, p2pConnect }, null, 2)}\n`);
console.log(`\n${fmt(elapsedMs / 1_000, 1)} s; results written to ${file}`);
