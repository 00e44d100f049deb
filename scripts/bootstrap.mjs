#!/usr/bin/env node
// `npm test` and `npm run demo` start here on a machine that has only Node 20
// and npm: find or install pnpm, install the workspace, then run the script.
import { spawnSync } from 'node:child_process';

const PNPM_VERSION = '12.21.0';
const script = process.argv[2];
if (!script) {
  console.error('usage: node scripts/bootstrap.mjs <workspace script>');
  process.exit(2);
}

const run = (command, args, options = {}) => spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32', ...options });
const works = (command, args) => spawnSync(command, args, { stdio: 'ignore', shell: process.platform === 'win32' }).status === 0;

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Ringline needs Node 20 or newer; this is Node ${process.versions.node}.`);
  process.exit(1);
}

let pnpm = ['pnpm'];
if (!works('pnpm', ['--version'])) {
  console.log(`pnpm not found: installing pnpm@${PNPM_VERSION} with npm`);
  if (run('npm', ['install', '--global', `pnpm@${PNPM_VERSION}`]).status !== 0 || !works('pnpm', ['--version'])) {
    // No permission for a global install: run it through npx instead.
    pnpm = ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
  }
}

const [command, ...prefix] = pnpm;
const install = run(command, [...prefix, 'install', '--frozen-lockfile']);
if (install.status !== 0) process.exit(install.status ?? 1);
const result = run(command, [...prefix, 'run', script]);
process.exit(result.status ?? 1);
