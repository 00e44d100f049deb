// The visitor widget's import must not pull in the agent desk: tree-shaking
// has to drop src/desk/ entirely (issue: keep the visitor path small).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function inputsOf(contents: string): Promise<string[]> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true, write: false, format: 'esm', platform: 'browser', minify: true, treeShaking: true,
    external: ['rxjs', 'eventemitter3'], metafile: true, logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  return Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path);
}

describe('bundles', () => {
  it('a visitor widget bundles no desk code; an agent desk does', async () => {
    const visitor = await inputsOf("export { createCallEngine, remainingRingMs, callDurationMs, callControls } from './src/index.ts';");
    expect(visitor.some((path) => path.includes('src/reducer/lifecycle.ts'))).toBe(true);
    expect(visitor.filter((path) => path.includes('src/desk/'))).toEqual([]);
    const agent = await inputsOf("export { createCallEngine, createAgentDesk, offerCards } from './src/index.ts';");
    expect(agent.some((path) => path.includes('src/desk/transfer.ts'))).toBe(true);
  });
});
