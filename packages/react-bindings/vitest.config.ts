import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ringline/source'] },
  ssr: { resolve: { conditions: ['@ringline/source'] } },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    typecheck: { include: ['test/**/*.test-d.ts', 'test/**/*.test-d.tsx'], tsconfig: '../../tsconfig.json' },
  },
});
