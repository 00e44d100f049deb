// The core lint (scripts/lintCore.mjs) run on small sources: what it must
// catch, and what it must let through, so a loosened pattern fails here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scripts', 'lintCore.mjs');
let dir: string | undefined;

function lint(files: Record<string, string>): { status: number | null; output: string } {
  dir = mkdtempSync(join(tmpdir(), 'ringline-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the core lint', () => {
  it.each([
    ['a wall-clock read', 'export const t = Date.now();'],
    ['a wall-clock read passed around uncalled', 'export const clock = { now: Date.now };'],
    ['a timer call', 'setTimeout(() => undefined, 10);'],
    ['a timer taken off globalThis', 'const later = globalThis.setTimeout; later(() => undefined, 10);'],
    ['an interval', 'setInterval(() => undefined, 10);'],
    ['a new Date of now', 'export const today = new Date();'],
    ['a spread copy of a hot state part', 'export const next = (call: { hold: object }) => ({ ...call.hold });'],
    ['a spread copy of a call', 'export const next = (call: object) => ({ ...call, phase: "connected" });'],
  ])('catches %s outside the clock module', (_what, source) => {
    const result = lint({ 'reducer/bad.ts': source });
    expect(result.status).toBe(1);
    expect(result.output).toContain('reducer/bad.ts:1');
  });

  it('lets the clock module use the wall clock, and passes comments, a date from a value and field spreads', () => {
    const result = lint({
      'clock.ts': 'export const systemClock = { now: () => Date.now() };',
      'reducer/ok.ts': [
        '// setTimeout here would be a bug; Date.now() too.',
        'export const at = (ms: number) => new Date(ms);',
        'export const agent = (desk: { agent: object }) => ({ ...desk.agent });',
      ].join('\n'),
    });
    expect(result.output).toContain('lint: core reads time only through the injected clock');
    expect(result.status).toBe(0);
  });
});
