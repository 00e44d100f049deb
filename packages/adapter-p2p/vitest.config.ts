import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ringline/source'] },
  ssr: { resolve: { conditions: ['@ringline/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // @roamhq/wrtc segfaults in worker threads after the run: each file gets its own process.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
