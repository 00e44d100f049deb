// Entry of the end-to-end suite: makes sure Chromium is there, builds the
// demo, and runs the scenarios where only the loopback interface exists.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromiumMissing, chromiumVersion } from './browser.js';

const demoRoot = fileURLToPath(new URL('..', import.meta.url));
const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: demoRoot, stdio: 'inherit' }).status ?? 1;

const scripts = new URL('../../../scripts/', import.meta.url);
if (run(process.execPath, [fileURLToPath(new URL('ensureChromium.mjs', scripts))]) !== 0) process.exit(1);
const missing = chromiumMissing();
if (missing) {
  console.log(`e2e: skipped, ${missing}.`);
  process.exit(0);
}
console.log(`e2e: ${chromiumVersion()}`);

if (run('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);

// loopbackOnly puts the run in a network namespace with only `lo` (as root).
const loopbackOnly = fileURLToPath(new URL('loopbackOnly.mjs', scripts));
process.exit(run(process.execPath, [loopbackOnly, 'pnpm', 'exec', 'vitest', 'run', '--config', 'e2e/vitest.config.ts', ...process.argv.slice(2)]));
