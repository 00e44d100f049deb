#!/usr/bin/env node
// Two rules for packages/core/src that types cannot enforce:
// - Time only through the injected clock, so tests run on virtual time and
//   the reducer stays pure: no wall-clock or timer globals outside the clock
//   modules.
// - No spread copies of the state parts every transition copies (a call's
//   hold, local media and remote presence; the desk; a conversation). They
//   start as shared frozen values or in mixed shapes, and a spread copy of
//   those takes V8's slow path: it once cost the engine 40 % of its speed.
//   Use the builders (changedLocal, changedDesk, changedConversation...).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../packages/core/src/', import.meta.url).pathname;

const rules = [
  {
    what: 'Wall-clock or timer call outside the clock module (use the injected Clock)',
    pattern: /\b(Date\.now|setTimeout|setInterval|setImmediate|requestAnimationFrame|performance\.now)\s*\(|\bnew Date\s*\(\s*\)/,
    // The contract suite bounds its waits in wall time: it also drives real browsers and SIP servers.
    allowed: new Set(['clock.ts', 'testing/virtualClock.ts', 'testing/adapterContract.ts']),
  },
  {
    what: 'Spread copy of a hot state part (use its builder: changedLocal, changedDesk, changedConversation, or a literal)',
    pattern: /\{\s*\.\.\.(call\.(local|hold|remoteMedia)|desk|conversation)\s*[,}]/,
    allowed: new Set(['testing/loopbackAdapter.ts', 'testing/adapterContract.ts', 'testing/arbitraries.ts']),
  },
];

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
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    for (const rule of rules) {
      if (!rule.allowed.has(rel) && rule.pattern.test(code)) problems.push(`packages/core/src/${rel}:${i + 1}: ${rule.what}\n    ${line.trim()}`);
    }
  });
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log('lint: core reads time only through the injected clock and copies hot state parts through their builders');
