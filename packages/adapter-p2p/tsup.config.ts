import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'server/index': 'src/server/index.ts', 'effects/index': 'src/effects/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Resolved at the consumer through package.json "imports": the prebuilt browser bundle or Node's CommonJS.
  external: ['#simple-peer'],
});
