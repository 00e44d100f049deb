#!/usr/bin/env node
// Runs a command where only the loopback interface exists. WebRTC gathers a
// candidate on every interface, so two peers on one machine would otherwise
// also talk over its LAN address; in a private network namespace with only
// `lo` up, every packet of a media test stays on 127.0.0.1 / ::1.
// Needs root (as in CI); elsewhere the command runs as it is, and says so.
import { spawnSync } from 'node:child_process';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/loopbackOnly.mjs <command> [args...]');
  process.exit(2);
}
const inherit = { stdio: 'inherit' };
const quote = (arg) => `'${arg.replaceAll("'", "'\\''")}'`;
const hasIp = () => spawnSync('sh', ['-c', 'command -v ip'], { stdio: 'ignore' }).status === 0;

if (process.getuid?.() === 0 && process.env.RINGLINE_IN_NETNS !== '1') {
  if (!hasIp()) {
    spawnSync('apt-get', ['update'], inherit);
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'iproute2'], inherit);
  }
  const script = `ip link set lo up && RINGLINE_IN_NETNS=1 exec ${command.map(quote).join(' ')}`;
  const result = spawnSync('unshare', ['--net', 'sh', '-c', script], inherit);
  process.exit(result.status ?? 1);
}
if (process.env.RINGLINE_IN_NETNS !== '1') {
  if (process.env.CI === 'true') {
    console.error('loopbackOnly: CI runs media tests as root, inside a loopback-only network namespace');
    process.exit(1);
  }
  console.log('loopbackOnly: not root, so no private network namespace; WebRTC may also use this machine\'s own non-loopback addresses.');
}
const [bin, ...args] = command;
process.exit(spawnSync(bin, args, inherit).status ?? 1);
