// The adapter contract must be able to fail: adapters with one bug each
// (test/fixtures/brokenAdapters.contract.ts) run through it in a child
// vitest, and the case meant to catch each bug fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** The case expected to catch each broken adapter (test/fixtures/brokenAdapters.contract.ts). */
const caughtBy: Record<string, string> = {
  'hang-up reason the engine drops': 'reports the far side hanging up, on a call placed or taken, and a caller who gives up while it rings',
  'unmute rejects': 'carries out every command it declares, and refuses the rest as unsupported',
  'media before the answer': 'outbound: no media before the far side answers; then the answer, then media once, in that order',
  'mediaConnected twice': 'inbound: reports the offer, and media once answered, once',
  'commands resolve after dispose': 'dispose settles what was under way, completes events$ and refuses every later command',
  'inbound hang-up never reported': 'reports the far side hanging up, on a call placed or taken, and a caller who gives up while it rings',
  'events for unknown calls': 'outbound: no media before the far side answers; then the answer, then media once, in that order',
  'pending commands hang at dispose': 'dispose settles what was under way, completes events$ and refuses every later command',
  'commands that do not do what they say': 'what hold, mute and the dial pad do reaches the far side, and their undoing too',
  'connect and reconnect of unknown calls succeed': 'rejects commands on a call it does not know with a RinglineError',
  'claims transfers it cannot make': 'declares its capabilities completely',
  'camera off is ignored': 'stops every stream of a call when it is disconnected, and of every call when disposed',
};

it('runAdapterContract fails each broken adapter, in the case meant to catch its bug', () => {
  const run = spawnSync('pnpm', ['exec', 'vitest', 'run', '--config', 'test/fixtures/vitest.config.ts', '--reporter', 'json'], { cwd: packageRoot, encoding: 'utf8' });
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[] };
  const failed = new Map<string, string[]>();
  for (const result of report.testResults.flatMap((file) => file.assertionResults)) {
    const suite = result.ancestorTitles[0]!.replace('MediaAdapter contract: ', '');
    if (result.status === 'failed') failed.set(suite, [...(failed.get(suite) ?? []), result.title]);
  }
  expect(run.status).not.toBe(0);
  expect([...failed.keys()].sort()).toEqual(Object.keys(caughtBy).sort());
  for (const [suite, title] of Object.entries(caughtBy)) expect(failed.get(suite), suite).toContain(title);
  // The first adapter's bug is one event: only its case fails.
  expect(failed.get('hang-up reason the engine drops')).toEqual([caughtBy['hang-up reason the engine drops']]);
}, 120_000);
