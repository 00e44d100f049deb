// Breaks the network for real, inside the private namespace that
// scripts/loopbackOnly.mjs gives the suite (only `lo`, as root): the
// namespace is the test's own, so nothing outside it loses a packet.
import { execFileSync } from 'node:child_process';

/**
 * Only where loopbackOnly.mjs made the namespace: its flag set, and `lo` the
 * sole interface, so that a stray flag on a real machine cuts nothing.
 */
export const inPrivateNetwork = process.env.RINGLINE_IN_NETNS === '1' && onlyLoopback();

function onlyLoopback(): boolean {
  try {
    const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).trim().split('\n');
    return links.length === 1 && /^\d+: lo:/.test(links[0]!);
  } catch {
    return false;
  }
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const families = ['-4', '-6'] as const;
const rulesOf = (family: string) => execFileSync('ip', [family, 'rule', 'show'], { encoding: 'utf8' });

/** Where the cut starts; the local table's own rule moves behind it while cut. */
const cutPref = 10;
const localPref = 100;

/**
 * Drops every packet, IPv4 and IPv6 (the peers pair on 127.0.0.1 and ::1),
 * except the signaling server's TCP port: UDP and TCP ICE candidates alike,
 * so the peer's media path is gone while its signaling connection stays up.
 * Policy rules are checked before the local table, and a blackhole rule
 * fails the send at once.
 */
export function cutMediaPath(signalingPort: number): void {
  for (const family of families) {
    ip(family, 'rule', 'add', 'pref', String(localPref), 'lookup', 'local');
    ip(family, 'rule', 'del', 'pref', '0');
    ip(family, 'rule', 'add', 'pref', String(cutPref), 'ipproto', 'tcp', 'dport', String(signalingPort), 'lookup', 'local');
    ip(family, 'rule', 'add', 'pref', String(cutPref + 1), 'ipproto', 'tcp', 'sport', String(signalingPort), 'lookup', 'local');
    ip(family, 'rule', 'add', 'pref', String(cutPref + 2), 'blackhole');
  }
}

/** Takes `lo` down: media and signaling both lose their path, as on a dead Wi-Fi. */
export function cutEverything(): void {
  ip('link', 'set', 'lo', 'down');
}

/** Puts the namespace back the way loopbackOnly.mjs made it, whatever was cut. Idempotent. */
export function restoreNetwork(): void {
  ip('link', 'set', 'lo', 'up');
  for (const family of families) {
    if (!/^0:\s+from all lookup local/m.test(rulesOf(family))) ip(family, 'rule', 'add', 'pref', '0', 'lookup', 'local');
    for (const pref of [cutPref, cutPref + 1, cutPref + 2, localPref]) {
      if (new RegExp(`^${pref}:`, 'm').test(rulesOf(family))) ip(family, 'rule', 'del', 'pref', String(pref));
    }
  }
}
