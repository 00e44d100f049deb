import { engineSyncBench, engineBench } from './src/throughput.js';
const which = process.argv[2] ?? 'sync';
const b = which === 'sync' ? engineSyncBench() : engineBench();
await b.check();
const t0 = Date.now();
let calls = 0;
while (Date.now() - t0 < 4000) { await b.batch(1000); calls += 1000; }
console.log(which, Math.round(calls * 10 / ((Date.now() - t0) / 1000)), 'events/s');
