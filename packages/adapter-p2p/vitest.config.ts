import { configDefaults, defineConfig } from 'vitest/config';

/** Breaks the network of the namespace every file shares (scripts/loopbackOnly.mjs), so it runs alone, after the others. */
const networkLoss = 'test/networkLoss.node.test.ts';

export default defineConfig({
  resolve: { conditions: ['@ringline/source'] },
  ssr: { resolve: { conditions: ['@ringline/source'] } },
  test: {
    // @roamhq/wrtc segfaults in worker threads after the run: each file gets its own process.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'p2p', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, networkLoss], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'networkLoss', include: [networkLoss], sequence: { groupOrder: 1 } } },
    ],
  },
});
