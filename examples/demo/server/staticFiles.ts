// Serves a folder read-only (the Vite build, the segmentation model's files),
// with the right content types and nothing outside the folder.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wav': 'audio/wav',
  '.wasm': 'application/wasm',
};

/** `path` is the URL path inside the folder, e.g. `/visitor.html`. */
export function serveStatic(root: string, path: string, response: ServerResponse): void {
  const wanted = path === '/' ? '/visitor.html' : path;
  const file = normalize(join(root, wanted));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    const built = existsSync(join(root, 'visitor.html'));
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(built ? `Not found: ${path}` : 'The demo pages are not built yet: run `pnpm --filter @ringline/example-demo build` (or `npm run demo` from the repository root).');
    return;
  }
  // Hashed assets never change; the pages themselves always revalidate.
  const immutable = file.includes(`${sep}assets${sep}`);
  response.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(response);
}
