#!/usr/bin/env node
// Core reads time only through the injected clock, so tests can run on virtual
// time and the reducer stays pure. This fails the build if wall-clock or timer
// globals appear in packages/core/src outside the clock modules.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../packages/core/src/', import.meta.url).pathname;
// The contract suite bounds its waits in wall time: it also drives real browsers and SIP servers.
const allowed = new Set(['clock.ts', 'testing/virtualClock.ts', 'testing/adapterContract.ts']);
const banned = /\b(Date\.now|setTimeout|setInterval|setImmediate|requestAnimationFrame|performance\.now)\s*\(|\bnew Date\s*\(\s*\)/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const problems = [];
for (const file of files(root)) {
  const rel = relative(root, file);
  if (allowed.has(rel)) continue;
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (banned.test(code)) problems.push(`packages/core/src/${rel}:${i + 1}: ${line.trim()}`);
  });
}

if (problems.length > 0) {
  console.error('Wall-clock or timer calls outside the clock module (use the injected Clock):');
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log('lint: core reads time only through the injected clock');
