#!/usr/bin/env node
// Browser suites use Debian's Chromium, never a browser download. Run before
// a suite (outside any network namespace, since apt needs the network): as
// root a missing Chromium is installed; elsewhere the suite will skip and say
// why, except under CI=true, where a missing browser fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;

if (!existsSync(path) && process.getuid?.() === 0) {
  console.log(`ensureChromium: ${path} is missing; installing Debian's chromium`);
  if (!apt(['update']) || !apt(['install', '-y', '--no-install-recommends', 'chromium'])) console.error('ensureChromium: apt-get could not install chromium');
}
if (!existsSync(path)) {
  const why = `${path} is missing and installing it needs root (apt-get install chromium)`;
  if (process.env.CI === 'true') {
    console.error(`ensureChromium: ${why}`);
    process.exit(1);
  }
  console.log(`ensureChromium: ${why}; browser tests will skip`);
}
