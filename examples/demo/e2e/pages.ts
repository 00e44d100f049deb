// Opening the demo's two kinds of page as a person would, with media
// recording installed, and the steps most scenarios share.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningDemo } from './demoServer.js';
import { recordMediaOn } from './media.js';

export const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and page errors, for failure messages. */
  problems: string[];
}

/** Each page gets its own context: separate storage, as two people on two machines. */
export async function open(browser: Browser, url: string, origin: string): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['microphone', 'camera'], { origin });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await recordMediaOn(page);
  await page.goto(url);
  return { page, context, problems };
}

/** A visitor with a known id (so a desk can call them); `ring` is the widget's ring countdown in seconds. */
export async function openVisitor(browser: Browser, demo: RunningDemo, options: { id?: string; ring?: number } = {}): Promise<OpenPage> {
  const query = new URLSearchParams();
  if (options.id) query.set('visitor', options.id);
  if (options.ring) query.set('ring', String(options.ring));
  const visitor = await open(browser, `${demo.visitorUrl}?${query}`, demo.origin);
  await visitor.page.getByTestId('call-audio').waitFor();
  return visitor;
}

export async function openDesk(browser: Browser, demo: RunningDemo, agent: string, onDuty = true): Promise<OpenPage> {
  const desk = await open(browser, demo.deskUrl(agent), demo.origin);
  const toggle = desk.page.getByTestId('duty-toggle');
  await toggle.waitFor();
  if (onDuty) {
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
  }
  return desk;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // Finished animations: a card caught mid fade-in would look disabled.
  await page.screenshot({ path: `${screenshotDir}${name}.png`, animations: 'disabled' });
}

/** Waits until the status line reads `status` (case-insensitive). */
export async function waitForStatus(page: Page, status: RegExp): Promise<void> {
  await expect.poll(async () => (await page.getByTestId('call-status').first().textContent({ timeout: 1_000 }).catch(() => '')) ?? '', { timeout: 15_000 }).toMatch(status);
}

export async function closeAll(...pages: (OpenPage | undefined)[]): Promise<void> {
  await Promise.all(pages.map((opened) => opened?.context.close()));
}
