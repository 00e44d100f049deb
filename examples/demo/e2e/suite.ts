// The frame of every scenario file: one Chromium per file, a fresh demo
// server per test (its in-memory backend starts empty each time), every page
// closed afterwards, and on failure the pages' errors and the server's output.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.js';
import { type RunningDemo, startDemo } from './demoServer.js';
import { closeAll, type OpenPage } from './pages.js';

export interface DemoSuite {
  readonly browser: Browser;
  readonly demo: RunningDemo;
  /** Closes the page after the test and reports its errors if the test fails. */
  keep<T extends OpenPage>(page: T): T;
}

export function demoSuite(): DemoSuite {
  let browser: Browser | undefined;
  let demo: RunningDemo | undefined;
  let opened: OpenPage[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    demo = await startDemo();
    opened = [];
  });
  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail';
    if (failed) for (const page of opened) console.log(`[${page.page.url()}] ${page.problems.join('\n') || 'no page errors'}`);
    await closeAll(...opened);
    await demo?.stop();
    if (failed) console.log(demo?.output());
  });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not running yet');
      return browser;
    },
    get demo() {
      if (!demo) throw new Error('The demo server is not running yet');
      return demo;
    },
    keep(page) {
      opened.push(page);
      return page;
    },
  };
}
