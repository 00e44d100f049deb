// The call link endpoints: POST /api/links (the desk asks the server to sign
// a link; the secret stays here) and POST /api/join (the guest page hands in
// the link it was opened with and gets a room token, or the typed refusal).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RinglineError } from '@ringline/core';
import type { CallLinkRequest } from '@ringline/core/links';
import { z } from 'zod';
import type { CallLinkRooms } from './callLinkRooms.js';

const maxBody = 16 * 1024;
const joinSchema = z.object({ link: z.string().min(1).max(8_192) }).strict();

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; status: number; error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBody) return { ok: false, status: 413, error: `A request is at most ${maxBody} bytes` };
    chunks.push(chunk);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, error: 'The request is not JSON' };
  }
}

export interface LinkRoutes {
  /** Handles the request if it is a call link endpoint; says whether it did. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
}

export function createLinkRoutes(rooms: () => CallLinkRooms): LinkRoutes {
  async function issue(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    if (!body.ok) return json(response, body.status, { ok: false, error: body.error });
    // `issue` checks the request with core's zod schema and throws a typed error naming the field.
    try {
      json(response, 200, { ok: true, ...(await rooms().issue(body.value as CallLinkRequest)) });
    } catch (error) {
      if (error instanceof RinglineError) return json(response, 400, { ok: false, error: error.message, code: error.code });
      throw error;
    }
  }

  async function join(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    if (!body.ok) return json(response, body.status, { ok: false, error: { code: 'malformed', message: body.error, remedy: 'Open the whole link again.' } });
    const parsed = joinSchema.safeParse(body.value);
    if (!parsed.success) return json(response, 400, { ok: false, error: { code: 'malformed', message: 'The request names no link', remedy: 'Open the whole link again.' } });
    const joined = await rooms().join(parsed.data.link);
    json(response, joined.ok ? 200 : 403, joined);
  }

  return {
    handle(request, response) {
      const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
      const route = pathname === '/api/links' ? issue : pathname === '/api/join' ? join : undefined;
      if (!route) return false;
      if (request.method !== 'POST') {
        json(response, 405, { ok: false, error: `${pathname} takes POST` });
        return true;
      }
      route(request, response).catch(() => json(response, 500, { ok: false, error: 'The request could not be handled' }));
      return true;
    },
  };
}
