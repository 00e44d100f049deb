// `pnpm start`: the whole demo on 127.0.0.1 (PORT, or 0 for a free port).
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

// Before anything imports a workspace package: resolve them to their sources, not to dist builds.
register('./sourceConditions.mjs', import.meta.url);
const { startDemoServer } = await import('./demoServer.js');

const port = Number(process.env.PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number (0 picks a free one), not ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}

const demo = await startDemoServer({ port, distDir: fileURLToPath(new URL('../dist', import.meta.url)) });
console.log(`Visitor widget: ${demo.origin}/visitor.html`);
console.log(`Agent desk:     ${demo.origin}/desk.html?agent=ann`);
console.log(`(A second agent for transfers: ${demo.origin}/desk.html?agent=bob — Ctrl+C stops the demo.)`);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  demo.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`Stopping on ${signal} failed:`, error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
