// Call links on the demo server, without a browser: issuing and verifying
// with core's signed links, each refusal with its remedy, one-time links that
// cannot join twice, and the signaling server opening a link's room only for
// the token the verified link gave.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoomTokens } from '@ringline/adapter-p2p/server';
import { RinglineError } from '@ringline/core';
import { createCallLinks } from '@ringline/core/links';
import { createVirtualClock } from '@ringline/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type DemoServer, startDemoServer } from '../server/demoServer.js';
import { createCallLinkRooms, roomOfLink } from '../server/links/callLinkRooms.js';
import { joinByLink } from '../src/join/joinLink.js';

const start = Date.UTC(2025, 0, 6, 9, 0);
const hour = 3_600_000;

function linkRooms(secret = 'a call link secret of at least 32 bytes, for tests') {
  const clock = createVirtualClock(start);
  const tokens = createRoomTokens('room token secret for tests', () => clock.now());
  const links = createCallLinks({ secret, baseUrl: 'http://127.0.0.1:1/join.html', clock });
  return { clock, tokens, rooms: createCallLinkRooms({ links, tokens, now: () => clock.now() }) };
}

const oneTime = { kind: 'oneTime', agentId: 'ann', media: 'audio', target: { guestName: 'Dana' } } as const;

describe('call link rooms', () => {
  it('a one-time link gives its room token once; the second opening is refused as alreadyUsed and gets no token', async () => {
    const { tokens, rooms } = linkRooms();
    const issued = await rooms.issue(oneTime);
    expect(issued.room).toBe(roomOfLink(issued.linkId));
    expect(tokens.authorize(issued.token, issued.room)).toBe(true);

    const joined = await rooms.join(issued.url);
    expect(joined).toMatchObject({ ok: true, room: issued.room, media: 'audio', agentId: 'ann', guestName: 'Dana' });
    if (!joined.ok) return;
    expect(tokens.authorize(joined.token, issued.room)).toBe(true);
    // The token is for that call's room only.
    expect(tokens.authorize(joined.token, roomOfLink('someOtherLinkId'))).toBe(false);

    const again = await rooms.join(issued.url);
    expect(again).toEqual({ ok: false, error: { code: 'alreadyUsed', message: expect.any(String), remedy: expect.stringMatching(/new link/) } });
    expect(JSON.stringify(again)).not.toContain(issued.token.split('.')[1]!);
  });

  it('a link signed with another secret, or with one altered character, is forged; a cut one is malformed', async () => {
    const { rooms } = linkRooms();
    const elsewhere = await linkRooms('another secret of at least thirty-two bytes!!').rooms.issue(oneTime);
    expect(await rooms.join(elsewhere.url)).toMatchObject({ ok: false, error: { code: 'forged' } });

    const issued = await rooms.issue(oneTime);
    const [body, signature] = issued.url.split('t=')[1]!.split('.') as [string, string];
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await rooms.join(`${body}.${flipped}`)).toMatchObject({ ok: false, error: { code: 'forged', remedy: expect.stringMatching(/new link/) } });
    expect(await rooms.join(body)).toMatchObject({ ok: false, error: { code: 'malformed' } });
    // The refused attempts did not use the link up.
    expect(await rooms.join(issued.url)).toMatchObject({ ok: true });
  });

  it('an expiry link joins any number of times until it expires', async () => {
    const { clock, rooms } = linkRooms();
    const issued = await rooms.issue({ ...oneTime, kind: 'expiry', ttlMs: hour });
    expect(issued.expiresAt).toBe(start + hour);
    expect(await rooms.join(issued.url)).toMatchObject({ ok: true });
    expect(await rooms.join(issued.url)).toMatchObject({ ok: true });
    clock.advanceBy(hour);
    expect(await rooms.join(issued.url)).toMatchObject({ ok: false, error: { code: 'expired', remedy: expect.stringMatching(/new link/) } });
  });

  it('a time-frame link is refused before its window as notYetValid and after it as expired', async () => {
    const { clock, tokens, rooms } = linkRooms();
    const issued = await rooms.issue({ ...oneTime, kind: 'timeFrame', validFrom: start + hour, validUntil: start + 2 * hour });
    expect(await rooms.join(issued.url)).toMatchObject({ ok: false, error: { code: 'notYetValid', remedy: expect.stringMatching(/time frame/) } });
    clock.advanceTo(start + hour);
    const joined = await rooms.join(issued.url);
    expect(joined.ok && tokens.authorize(joined.token, issued.room)).toBe(true);
    clock.advanceTo(start + 2 * hour);
    expect(await rooms.join(issued.url)).toMatchObject({ ok: false, error: { code: 'expired' } });
  });

  it('a request core refuses throws a typed error and signs nothing', async () => {
    const { rooms } = linkRooms();
    await expect(rooms.issue({ ...oneTime, kind: 'timeFrame' })).rejects.toBeInstanceOf(RinglineError);
    await expect(rooms.issue({ ...oneTime, target: { guestName: ' ' } })).rejects.toMatchObject({ code: 'invalidInput' });
  });
});

describe('call links over HTTP and signaling', () => {
  let demo: DemoServer;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'ringline-demo-links-'));
    writeFileSync(join(dist, 'join.html'), '<!doctype html><title>join</title><div id="root"></div>');
    demo = await startDemoServer({ port: 0, distDir: dist, typingMs: 5 });
  });

  afterAll(async () => {
    await demo?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) => fetch(`${demo.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then(async (response) => ({ status: response.status, body: await response.json() as Record<string, unknown> }));

  /** Joins a signaling room as a page would; resolves with the server's first answer for that room. */
  function joinRoom(room: string, token: string): Promise<Record<string, unknown>> {
    const socket = new WebSocket(`${demo.origin.replace('http', 'ws')}/signal`);
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'join', room, token, party: { name: 'Guest' } })));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        if (message.room !== room) return;
        socket.close();
        resolve(message);
      });
    });
  }

  it('the desk gets a link to the join page; the guest gets into that room once, and nowhere else', async () => {
    const issued = await post('/api/links', { requestId: 'r1', ...oneTime });
    expect(issued.status).toBe(200);
    const { url, room, token: agentToken } = issued.body as { url: string; room: string; token: string };
    expect(url).toMatch(new RegExp(`^${demo.origin}/join\\.html\\?t=`));
    expect((await fetch(url)).status).toBe(200);

    // Before the link is verified the guest has nothing that opens the room: the link itself is not a room token.
    expect(await joinRoom(room, new URL(url).searchParams.get('t')!)).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect(await joinRoom(room, agentToken)).toMatchObject({ type: 'joined' });

    const joined = await post('/api/join', { link: url });
    expect(joined).toMatchObject({ status: 200, body: { ok: true, room, media: 'audio', agentId: 'ann' } });
    const guestToken = joined.body.token as string;
    expect(await joinRoom(room, guestToken)).toMatchObject({ type: 'joined' });
    expect(await joinRoom(`${room}x`, guestToken)).toMatchObject({ type: 'error', code: 'unauthorized' });

    const again = await post('/api/join', { link: url });
    expect(again).toMatchObject({ status: 403, body: { ok: false, error: { code: 'alreadyUsed' } } });
    expect(again.body).not.toHaveProperty('token');
  });

  it('the join page checks a one-time link once however often it asks (StrictMode runs its effect twice in development)', async () => {
    const issued = await post('/api/links', { requestId: 'r-once', ...oneTime });
    const { url, room } = issued.body as { url: string; room: string };
    const [first, second] = await Promise.all([joinByLink(url, demo.origin), joinByLink(url, demo.origin)]);
    expect(first).toMatchObject({ ok: true, room });
    expect(second).toBe(first);
    expect(await joinByLink(url, demo.origin)).toBe(first);
    // The server did use it up: another page (a forwarded link) is refused.
    expect(await post('/api/join', { link: url })).toMatchObject({ status: 403, body: { ok: false, error: { code: 'alreadyUsed' } } });
  });

  it('refuses a bad request to sign, or a join with no link, with a message and no token', async () => {
    expect(await post('/api/links', { ...oneTime, kind: 'weekly' })).toMatchObject({ status: 400, body: { ok: false, code: 'invalidInput' } });
    expect(await post('/api/join', { nothing: true })).toMatchObject({ status: 400, body: { ok: false, error: { code: 'malformed' } } });
    expect(await post('/api/join', { link: `${demo.origin}/join.html?t=abc.def` })).toMatchObject({ status: 403, body: { ok: false, error: { code: 'malformed' } } });
    expect((await fetch(`${demo.origin}/api/join`)).status).toBe(405);
  });
});
