import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', desk: 'src/desk.ts' },
  format: ['esm', 'cjs'],
  // Shared code in one chunk for CommonJS too: each entry with its own copy would have its own
  // React context, RinglineError class and engine internals, so they would not work together.
  splitting: true,
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  external: ['react', '@ringline/core'],
});
