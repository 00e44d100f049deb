// The CommonJS build (package.json "require" condition: Jest, older Next.js
// server bundles, any require()) as tsup emits it. Needs dist/: built here if missing.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, render, screen } from '@testing-library/react';
import * as React from 'react';
import * as core from '@ringline/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { harness } from './support.js';

const pkg = resolve(__dirname, '..');

/**
 * Evaluates a CJS file of dist/ as Node would, with react and @ringline/core
 * resolved to the ones this test uses, and the chunks it requires loaded once
 * and shared, as Node's module cache shares them.
 */
const loaded = new Map<string, Record<string, any>>();
function requireDist(file: string): Record<string, any> {
  const cached = loaded.get(file);
  if (cached) return cached;
  const module = { exports: {} as Record<string, any> };
  loaded.set(file, module.exports);
  const fakeRequire = (id: string) => {
    if (id === 'react') return React;
    if (id === '@ringline/core') return core;
    if (id.startsWith('./')) return requireDist(id.slice(2));
    throw new Error(`unexpected require(${id})`);
  };
  new Function('require', 'module', 'exports', readFileSync(`${pkg}/dist/${file}`, 'utf8'))(fakeRequire, module, module.exports);
  loaded.set(file, module.exports);
  return module.exports;
}

afterEach(cleanup);

beforeAll(() => {
  if (!existsSync(`${pkg}/dist/desk.cjs`)) execSync('pnpm exec tsup', { cwd: pkg, stdio: 'ignore' });
}, 120_000);

describe('the CommonJS build', () => {
  it('a desk hook from require("@ringline/react/desk") works under the provider from require("@ringline/react")', async () => {
    const main = requireDist('index.cjs');
    const desk = requireDist('desk.cjs');
    const h = harness({ desk: true });
    function Offers() {
      return <p>{`offers:${desk.useOffers().length}`}</p>;
    }
    let caught: unknown;
    try {
      render(<main.RinglineProvider engine={h.engine} desk={h.desk}><Offers /></main.RinglineProvider>);
    } catch (error) {
      caught = error;
    }
    expect(caught && String((caught as Error).message)).toBeUndefined();
    expect(screen.getByText('offers:0')).toBeTruthy();
  });
});
