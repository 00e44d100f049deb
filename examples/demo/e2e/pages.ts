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

export async function openVisitor(browser: Browser, demo: RunningDemo): Promise<OpenPage> {
  const visitor = await open(browser, demo.visitorUrl, demo.origin);
  await visitor.page.getByTestId('call-audio').waitFor();
  return visitor;
}

export async function openDesk(browser: Browser, demo: RunningDemo, agent: string, onDuty = true): Promise<OpenPage> {
  const desk = await open(browser, demo.deskUrl(agent), demo.origin);
  const toggle = desk.page.getByTestId('duty-toggle');
  await toggle.waitFor();
  if (onDuty) {
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
  }
  return desk;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}

export function statusOf(page: Page): Promise<string | null> {
  return page.getByTestId('call-status').textContent();
}

/** Waits until the status line reads `status` (case-insensitive). */
export async function waitForStatus(page: Page, status: RegExp): Promise<void> {
  await expect.poll(async () => (await page.getByTestId('call-status').textContent().catch(() => '')) ?? '', { timeout: 15_000 }).toMatch(status);
}
