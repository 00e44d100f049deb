import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ringline/source'] },
  ssr: { resolve: { conditions: ['@ringline/source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 20_000 },
});
