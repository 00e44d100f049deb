// Debian's Chromium, driven by playwright-core: never a browser download.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const flags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  // Without it no ICE candidates are gathered where only loopback exists.
  '--allow-loopback-in-peer-connection',
  // Background pages must keep their timers and media running while another page is in front.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
  '--autoplay-policy=no-user-gesture-required',
];

/** Why the browser suite cannot run here, or undefined when Chromium is there (scripts/ensureChromium.mjs installs it as root). */
export function chromiumMissing(): string | undefined {
  return existsSync(chromiumPath) ? undefined : `${chromiumPath} is missing; install Debian's chromium (or set CHROMIUM_PATH)`;
}

export function chromiumVersion(): string {
  return execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' }).trim();
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: flags, headless: true });
}
