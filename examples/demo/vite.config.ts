import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url));

// Workspace packages resolve to their TypeScript source (the `@ringline/source`
// export condition), so the pages never run a stale dist build.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@ringline/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: { input: { visitor: page('visitor'), desk: page('desk'), join: page('join') } },
  },
});
