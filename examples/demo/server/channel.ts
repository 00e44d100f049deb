// The backend channel: POST /api/command with one JSON command (checked with
// zod; a bad one gets 400 and changes nothing) and GET /api/events, a
// server-sent event stream per page (?visitor=<id> or ?agent=<id>).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Backend } from './backend/index.js';
import { commandSchema } from './protocol.js';

const maxBody = 16 * 1024;
const idPattern = /^[A-Za-z0-9_.:-]{1,128}$/;

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        resolve(undefined);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export interface Channel {
  /** Handles the request if it is for /api; says whether it did. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  close(): void;
}

export function createChannel(backend: Backend): Channel {
  const streams = new Set<ServerResponse>();

  async function command(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (body === undefined) return json(response, 413, { ok: false, error: `A command is at most ${maxBody} bytes` });
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return json(response, 400, { ok: false, error: 'The command is not JSON' });
    }
    const parsed = commandSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return json(response, 400, { ok: false, error: `Invalid command${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'unknown problem'}` });
    }
    const result = backend.handle(parsed.data);
    json(response, result.ok ? 200 : 409, result);
  }

  function events(url: URL, response: ServerResponse): void {
    const visitor = url.searchParams.get('visitor');
    const agent = url.searchParams.get('agent');
    const id = visitor ?? agent;
    if (!id || !idPattern.test(id) || (visitor && agent)) return json(response, 400, { ok: false, error: 'Open the stream with ?visitor=<id> or ?agent=<id>' });
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write('retry: 1000\n\n');
    // A stream that has just closed can still be pushed to by the leave() its close runs (the others' presence news).
    const push = (event: unknown) => {
      if (!response.writableEnded && !response.destroyed) response.write(`data: ${JSON.stringify(event)}\n\n`);
    };
    const leave = visitor ? backend.connectVisitor(visitor, push) : backend.connectAgent(agent!, push);
    if (!leave) {
      push({ type: 'error', error: `No agent ${agent} in the directory: try ?agent=ann or ?agent=bob` });
      response.end();
      return;
    }
    streams.add(response);
    // Proxies and idle timeouts close silent streams.
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    response.on('close', () => {
      clearInterval(keepAlive);
      streams.delete(response);
      leave();
    });
  }

  return {
    handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/api/command' && request.method === 'POST') {
        command(request, response).catch(() => json(response, 500, { ok: false, error: 'The command could not be read' }));
        return true;
      }
      if (url.pathname === '/api/events' && request.method === 'GET') {
        events(url, response);
        return true;
      }
      if (url.pathname.startsWith('/api/')) {
        json(response, 404, { ok: false, error: `No ${request.method} ${url.pathname}` });
        return true;
      }
      return false;
    },
    close() {
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}
