// What core costs a browser page: esbuild bundles (browser, ESM, minified,
// tree-shaken, es2022) of entry points that import the core *source*, gzipped
// at level 9. "Own code" marks rxjs external; "with deps" bundles it too,
// as a visitor page would ship it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { benchRoot, fmtInt, isMain, kb, table } from './common.js';

const deps = ['rxjs'];
/** Visitor path: own code and with deps (core issue); everything core exports, own code (agent desk issue). */
export const targets = { ownGzBytes: 8 * 1024, withDepsGzBytes: 14 * 1024, everythingOwnGzBytes: 16 * 1024, reactOwnGzBytes: 2.5 * 1024 };

const entries = {
  visitor: [
    "import { createCallEngine, remainingRingMs, callDurationMs, callControls } from '@ringline/core';",
    'export { createCallEngine, remainingRingMs, callDurationMs, callControls };',
  ].join('\n'),
  everything: "export * from '@ringline/core';",
  // The React bindings' source by path: the bench depends on core only, and React and core stay external.
  react: "export * from '../../packages/react-bindings/src/index.ts';",
  // A desk uses both entries; this is what `@ringline/react/desk` adds on top of the main one.
  reactDesk: "export * from '../../packages/react-bindings/src/index.ts'; export * from '../../packages/react-bindings/src/desk.ts';",
} as const;

export interface BundleMeasurement {
  name: string;
  entry: keyof typeof entries;
  deps: 'external' | 'bundled';
  /** Extra resolve conditions besides @ringline/source, if any. */
  conditions: string[];
  minifiedBytes: number;
  gzipBytes: number;
  targetGzBytes?: number;
  /** Largest inputs by bytes in the output, for the bundled variants. */
  topInputs: { path: string; bytes: number }[];
}

export interface DistMeasurement {
  file: string;
  builtAt: string;
  /** dist/index.js alone, as tsup wrote it (not minified). */
  indexBytes: number;
  indexGzipBytes: number;
  /** dist/index.js plus the chunks it imports statically. */
  withChunksBytes: number;
  withChunksGzipBytes: number;
  chunks: string[];
}

export interface BundleResult {
  measurements: BundleMeasurement[];
  /** What each dependency adds to the visitor path, gzipped: with deps minus with that one external. */
  depCost: { dep: string; gzipBytes: number }[];
  dist?: DistMeasurement;
  targets: typeof targets;
}

const gzip = (data: Uint8Array | string) => gzipSync(data, { level: 9 }).byteLength;

async function bundle(entry: keyof typeof entries, external: boolean | string[], extraConditions: string[] = []): Promise<Omit<BundleMeasurement, 'name' | 'targetGzBytes'>> {
  const result = await build({
    stdin: { contents: entries[entry], resolveDir: join(benchRoot, 'src'), loader: 'ts', sourcefile: `${entry}.ts` },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    minify: true,
    treeShaking: true,
    target: 'es2022',
    conditions: ['@ringline/source', ...extraConditions],
    external: external === true ? deps : external === false ? [] : external,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  const meta = Object.values(result.metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(meta?.inputs ?? {})) {
    const key = path.includes('node_modules/') ? path.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1') : path.replace(/^.*?(packages\/[^/]+\/src\/)/, '$1');
    byPackage.set(key, (byPackage.get(key) ?? 0) + input.bytesInOutput);
  }
  const topInputs = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([path, bytes]) => ({ path, bytes }));
  return {
    entry,
    deps: external === false ? 'bundled' : 'external',
    conditions: extraConditions,
    minifiedBytes: output.contents.byteLength,
    gzipBytes: gzip(output.contents),
    topInputs,
  };
}

function measureDist(): DistMeasurement | undefined {
  const file = join(benchRoot, '..', 'packages', 'core', 'dist', 'index.js');
  if (!existsSync(file)) return undefined;
  const index = readFileSync(file, 'utf8');
  const chunks = [...index.matchAll(/from\s*["'](\.\/[^"']+\.js)["']/g)].map((m) => m[1]!).filter((c, i, all) => all.indexOf(c) === i);
  const chunkTexts = chunks.map((chunk) => {
    const path = join(dirname(file), chunk);
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  });
  const all = [index, ...chunkTexts].join('\n');
  return {
    file: 'packages/core/dist/index.js',
    builtAt: statSync(file).mtime.toISOString(),
    indexBytes: Buffer.byteLength(index),
    indexGzipBytes: gzip(index),
    withChunksBytes: Buffer.byteLength(all),
    withChunksGzipBytes: gzip(all),
    chunks,
  };
}

export async function runBundleSize(): Promise<BundleResult> {
  const measurements: BundleMeasurement[] = [
    { name: 'visitor path, own code', ...(await bundle('visitor', true)), targetGzBytes: targets.ownGzBytes },
    { name: 'visitor path, with deps', ...(await bundle('visitor', false)), targetGzBytes: targets.withDepsGzBytes },
    { name: 'everything, own code', ...(await bundle('everything', true)), targetGzBytes: targets.everythingOwnGzBytes },
    { name: 'everything, with deps', ...(await bundle('everything', false)) },
    // rxjs's default export is its ES5 build; bundlers that honour `es2015` get the smaller ES2015 one.
    { name: 'visitor path, with deps (rxjs es2015)', ...(await bundle('visitor', false, ['es2015'])) },
    { name: '@ringline/react, own code', ...(await bundle('react', ['react', 'react/jsx-runtime', '@ringline/core'])), targetGzBytes: targets.reactOwnGzBytes },
    { name: '@ringline/react + /desk, own code', ...(await bundle('reactDesk', ['react', 'react/jsx-runtime', '@ringline/core'])) },
  ];
  const withDeps = measurements[1]!.gzipBytes;
  const depCost: BundleResult['depCost'] = [];
  for (const dep of deps) depCost.push({ dep, gzipBytes: withDeps - (await bundle('visitor', [dep])).gzipBytes });
  const dist = measureDist();
  return dist ? { measurements, depCost, dist, targets } : { measurements, depCost, targets };
}

export function printBundleSize(result: BundleResult): void {
  console.log('\nBundle size: esbuild, browser ESM, minified, tree-shaken, es2022; gzip -9');
  console.log(table([
    ['bundle', 'min bytes', 'gz bytes', 'gz', 'target', ''],
    ...result.measurements.map((m) => {
      const target = m.targetGzBytes;
      return [m.name, fmtInt(m.minifiedBytes), fmtInt(m.gzipBytes), kb(m.gzipBytes),
        target === undefined ? '' : `< ${kb(target)}`, target === undefined ? '' : m.gzipBytes < target ? 'ok' : 'OVER'];
    }),
  ]));
  const heaviest = result.measurements.find((m) => m.name === 'visitor path, with deps');
  if (heaviest) console.log(`visitor path, with deps, by input (minified bytes): ${heaviest.topInputs.map((i) => `${i.path} ${fmtInt(i.bytes)}`).join(', ')}`);
  console.log(`gzip each dependency adds to the visitor path: ${result.depCost.map((d) => `${d.dep} ${kb(d.gzipBytes)}`).join(', ')}`);
  const dist = result.dist;
  if (dist) {
    console.log(`tsup dist (not minified, built ${dist.builtAt}): index.js ${fmtInt(dist.indexBytes)} B, gz ${kb(dist.indexGzipBytes)}; with ${dist.chunks.join(', ') || 'no chunks'} ${fmtInt(dist.withChunksBytes)} B, gz ${kb(dist.withChunksGzipBytes)}`);
  } else {
    console.log('tsup dist: packages/core/dist/index.js not built (run `pnpm build`)');
  }
}

if (isMain(import.meta.url)) {
  printBundleSize(await runBundleSize());
}
