// The demo server without a browser: both pages are served, the backend
// channel answers, refuses bad commands, and routes a hand-off from the
// assistant to the first agent who claims it.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../server/demoServer.js';

let demo: DemoServer;
let dist: string;

beforeAll(async () => {
  // A stand-in for the Vite build: these tests are about the server, not the bundle.
  dist = mkdtempSync(join(tmpdir(), 'ringline-demo-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'visitor.html'), '<!doctype html><title>visitor</title><div id="root"></div>');
  writeFileSync(join(dist, 'desk.html'), '<!doctype html><title>desk</title><div id="root"></div>');
  demo = await startDemoServer({ port: 0, distDir: dist, typingMs: 5 });
});

afterAll(async () => {
  await demo?.close();
  rmSync(dist, { recursive: true, force: true });
});

const command = (body: unknown) => fetch(`${demo.origin}/api/command`, { method: 'POST', body: JSON.stringify(body) }).then(async (response) => ({ status: response.status, body: await response.json() as Record<string, unknown> }));

/** Reads server-sent events until `until` matches one; returns every event seen. */
async function openStream(query: string) {
  const controller = new AbortController();
  const response = await fetch(`${demo.origin}/api/events?${query}`, { signal: controller.signal });
  const reader = response.body!.getReader();
  const seen: Record<string, unknown>[] = [];
  let buffer = '';
  async function next(until: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const found = seen.find(until);
    if (found) return found;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended; saw ${JSON.stringify(seen.map((event) => event.type))}`);
      buffer += new TextDecoder().decode(value);
      const frames = buffer.split('\n\n');
      buffer = frames.pop() ?? '';
      for (const frame of frames) {
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        const event = JSON.parse(data.slice(6)) as Record<string, unknown>;
        seen.push(event);
        if (until(event)) return event;
      }
    }
  }
  return { next, close: () => controller.abort() };
}

describe('demo server', () => {
  it('serves both pages and the generated assets', async () => {
    for (const path of ['/visitor.html', '/desk.html?agent=ann']) {
      const response = await fetch(`${demo.origin}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain('<div id="root">');
    }
    expect((await fetch(`${demo.origin}/avatars/ann.svg`)).headers.get('content-type')).toBe('image/svg+xml');
    const wav = await fetch(`${demo.origin}/audio/hold.wav`);
    expect(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString()).toBe('RIFF');
    expect((await fetch(`${demo.origin}/../package.json`)).status).toBe(404);
  });

  it('refuses a malformed or unknown command with a reason', async () => {
    expect(await command({ type: 'claimOffer', agentId: 'ann' })).toMatchObject({ status: 400, body: { ok: false } });
    expect((await command({ type: 'nope' })).status).toBe(400);
    const bad = await fetch(`${demo.origin}/api/command`, { method: 'POST', body: '{' });
    expect(bad.status).toBe(400);
    expect(await command({ type: 'agentStatus', agentId: 'zed', onDuty: true, availability: 'available' })).toMatchObject({ status: 409, body: { ok: false, error: 'Unknown agent zed' } });
  });

  it('hands a visitor from the assistant to the first agent who claims the card', async () => {
    const ann = await openStream('agent=ann');
    const bob = await openStream('agent=bob');
    const visitor = await openStream('visitor=v-smoke');
    try {
      await ann.next((event) => event.type === 'welcome');
      const welcome = await visitor.next((event) => event.type === 'welcome');
      for (const agentId of ['ann', 'bob']) {
        expect((await command({ type: 'agentStatus', agentId, onDuty: true, availability: 'available' })).body).toEqual({ ok: true });
      }
      expect((await command({ type: 'startAssistant', visitorId: 'v-smoke', callId: 'call-smoke', media: 'audio' })).body).toEqual({ ok: true });
      await visitor.next((event) => event.type === 'chat' && (event.line as { from: string }).from === 'assistant');
      await command({ type: 'visitorSay', visitorId: 'v-smoke', text: 'I was charged twice for my order' });
      await command({ type: 'askForPerson', visitorId: 'v-smoke' });

      const offer = await ann.next((event) => event.type === 'offer');
      expect(offer).toMatchObject({ handoff: true, queue: 'support', remote: { number: welcome.number } });
      expect(offer.summary).toContain('billing');
      await bob.next((event) => event.type === 'offer');

      expect((await command({ type: 'claimOffer', agentId: 'bob', callId: offer.callId, tab: 'tab-bob' })).body).toMatchObject({ ok: true, claimed: true });
      expect((await command({ type: 'claimOffer', agentId: 'ann', callId: offer.callId, tab: 'tab-ann' })).body).toEqual({ ok: true, claimed: false });
      expect(await ann.next((event) => event.type === 'offerGone')).toMatchObject({ callId: offer.callId, reason: 'answeredElsewhere' });
      const joining = await visitor.next((event) => event.type === 'personJoining');
      expect(joining).toMatchObject({ callId: offer.callId, forCallId: 'call-smoke', agent: { id: 'bob', name: 'Bob Stone' } });
      expect(typeof joining.token).toBe('string');
      // Only the call's parties get a room token.
      expect((await command({ type: 'roomToken', party: { role: 'agent', id: 'bob' }, callId: offer.callId })).body).toMatchObject({ ok: true });
      expect((await command({ type: 'roomToken', party: { role: 'visitor', id: 'v-other' }, callId: offer.callId })).status).toBe(409);
    } finally {
      ann.close();
      bob.close();
      visitor.close();
    }
  });

  it('upgrades WebSocket connections on /signal only', async () => {
    const { WebSocket } = await import('ws');
    const url = demo.origin.replace('http', 'ws');
    const opened = await new Promise<boolean>((resolve) => {
      const socket = new WebSocket(`${url}/signal`);
      socket.once('open', () => (socket.close(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    expect(opened).toBe(true);
  });
});
