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

// A directory to check instead can be given (the lint's own test uses one).
const root = process.argv[2] ? join(process.argv[2], '/') : new URL('../packages/core/src/', import.meta.url).pathname;

const rules = [
  {
    what: 'Wall-clock or timer call outside the clock module (use the injected Clock)',
    // Any mention, not only a call: `now: Date.now` or `const later = globalThis.setTimeout` would pass the time around the rule.
    pattern: /\b(Date\.now|setTimeout|setInterval|setImmediate|requestAnimationFrame|performance\.now)\b|\bnew Date\s*\(\s*\)/g,
    // The contract suite bounds its waits in wall time: it also drives real browsers and SIP servers.
    allowed: new Set(['clock.ts', 'testing/virtualClock.ts', 'testing/adapterContract.ts']),
  },
  {
    what: 'Spread copy of a hot state part (use its builder: changedCall, changedLocal, changedDesk, changedConversation, or a literal)',
    // `...desk`, `...deskOf(state)`, `...state.desk`, `...conversation`, `...newConversation(...)`, `...<any>.local/.hold/.remoteMedia`,
    // but not a spread of one of their fields (`...desk.agent`).
    // A call too (`...call`): use changedCall, the one literal every call is built from.
    pattern: /\.\.\.\s*(?:deskOf\(|newConversation\(|(?:state\.desk|[\w$]+!?\.(?:local|hold|remoteMedia)|desk|conversation|call)(?![\w$.(!]))/g,
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

/** The source without comments, line breaks kept so positions still give line numbers. */
function code(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    // A `//` after `:` is a URL in a string, not a comment.
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1');
}

const problems = [];
for (const file of files(root)) {
  const rel = relative(root, file);
  const text = readFileSync(file, 'utf8');
  const source = code(text);
  const lines = text.split('\n');
  for (const rule of rules) {
    if (rule.allowed.has(rel)) continue;
    for (const match of source.matchAll(rule.pattern)) {
      const line = source.slice(0, match.index).split('\n').length;
      problems.push(`packages/core/src/${rel}:${line}: ${rule.what}\n    ${lines[line - 1].trim()}`);
    }
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log('lint: core reads time only through the injected clock and copies hot state parts through their builders');
