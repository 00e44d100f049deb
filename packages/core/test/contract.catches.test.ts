// The adapter contract must be able to fail: adapters with one bug each
// (test/fixtures/brokenAdapters.contract.ts) run through it in a child
// vitest, and the case that should catch each bug fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

it('runAdapterContract fails an adapter whose hang-up event the engine would drop', () => {
  const run = spawnSync('pnpm', ['exec', 'vitest', 'run', '--config', 'test/fixtures/vitest.config.ts', '--reporter', 'json'], { cwd: packageRoot, encoding: 'utf8' });
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { testResults: { assertionResults: { title: string; status: string }[] }[] };
  const failed = report.testResults.flatMap((file) => file.assertionResults).filter((result) => result.status === 'failed').map((result) => result.title);
  expect(run.status).not.toBe(0);
  expect(failed).toEqual(['reports the far side hanging up']);
}, 60_000);
