// Call links end to end (003, 004): the agent may create one only with a
// client selected and the conversation started and theirs; the integrator's
// server signs it with `@ringline/core/links`; the agent's call screen waits
// with a ringtone until the client joins by the link, then shows connected,
// then left. Verification refuses each bad link with its own error.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { callLinkAvailability, callLinkState, conversation, getCall, linkCallStatus, type SendResult } from '../src/index.js';
import { CallLinkError, createCallLinks, createMemoryUsedLinkStore } from '../src/links/index.js';
import { createVirtualClock } from '../src/testing/index.js';
import { deskHarness } from './deskSupport.js';
import { harness } from './support.js';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);
const conv = (id: string, assignee: string | null, status: 'open' | 'closed' = 'open') => ({ id, customer: { name: 'Jane Roe', number: '+14155550142' }, assignee, status, tags: [], pending: 0, timeline: [] });

describe('004 — a call from a conversation by call link', () => {
  it('the phone button is unavailable, with the reason, until a client is selected and the conversation is started and mine', async () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const links = createCallLinks({ secret, baseUrl: 'https://calls.example/join', clock });
    const issued: string[] = [];
    const h = deskHarness({
      clock,
      config: { callLinks: { kind: 'expiry', issue: async (request) => {
        const link = await links.issue({ ...request, ttlMs: 3_600_000 });
        issued.push(link.token);
        return { url: link.url, linkId: link.payload.id, expiresAt: link.payload.exp };
      } } },
    });
    h.engine.send({ type: 'conversationsLoaded', conversations: [conv('conv-1', null), conv('conv-2', 'agent-bob'), conv('conv-3', 'agent-ann', 'closed')] });
    const availability = (id: string | undefined) => callLinkAvailability(h.engine.getSnapshot(), id);
    expect(availability(undefined)).toMatchObject({ available: false, reason: 'noClientSelected', remedy: 'Select a client first.' });
    expect(availability('conv-1')).toMatchObject({ available: false, reason: 'conversationNotStarted' });
    expect(availability('conv-2')).toMatchObject({ available: false, reason: 'notConversationOwner' });
    expect(availability('conv-3')).toMatchObject({ available: false, reason: 'conversationNotStarted' });
    expect(code(h.engine.send({ type: 'createCallLink', target: { conversationId: 'conv-1' } }))).toBe('conversationNotStarted');
    expect(code(h.engine.send({ type: 'startConversation', conversationId: 'conv-2' }))).toBe('notConversationOwner');

    // Step 2: start the conversation; step 3: the phone icon creates the link; step 4: it is sent to the client.
    expect(code(h.engine.send({ type: 'startConversation', conversationId: 'conv-1' }))).toBe('ok');
    expect(availability('conv-1').available).toBe(true);
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 'r1', target: { conversationId: 'conv-1' }, media: 'video' }))).toBe('ok');
    expect(h.engine.getSnapshot().desk?.callLinks[0]).toMatchObject({ requestId: 'r1', status: 'requested', kind: 'expiry' });
    // Signing runs in Web Crypto, off the virtual clock.
    await vi.waitFor(() => expect(h.engine.getSnapshot().desk!.callLinks[0]!.status).not.toBe('requested'));
    const record = h.engine.getSnapshot().desk!.callLinks[0]!;
    expect(record).toMatchObject({ status: 'created', url: expect.stringMatching(/^https:\/\/calls\.example\/join\?t=/) });
    expect(conversation(h.engine.getSnapshot(), 'conv-1')?.timeline.map((event) => event.kind)).toEqual(['conversationStarted', 'callLinkCreated']);
    // The timeline names the link, never its token.
    expect(JSON.stringify(conversation(h.engine.getSnapshot(), 'conv-1')?.timeline)).not.toContain(issued[0]!);

    // Step 5: the call screen waits for the client, with a ringtone.
    expect(code(h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'link-call' }))).toBe('ok');
    expect(linkCallStatus(h.engine.getSnapshot(), 'link-call')).toBe('waiting');
    expect(h.tone()).toBe('ringback');
    expect(getCall(h.engine.getSnapshot(), 'link-call')).toMatchObject({ direction: 'outbound', media: 'video', remote: { name: 'Jane Roe' } });

    // The client opens the link: the server verifies it, the client joins; the ringtone stops; connected.
    await h.clock.tick(45_000);
    const verified = await links.verify(record.url!);
    expect(verified).toMatchObject({ ok: true, payload: { conv: 'conv-1', media: 'video', kind: 'expiry' } });
    h.adapter.remote.join('link-call');
    await h.clock.tick(10);
    expect(linkCallStatus(h.engine.getSnapshot(), 'link-call')).toBe('connected');
    expect(h.tone()).toBeUndefined();
    h.adapter.remote.leave('link-call');
    expect(linkCallStatus(h.engine.getSnapshot(), 'link-call')).toBe('left');
    h.adapter.remote.join('link-call');
    expect(linkCallStatus(h.engine.getSnapshot(), 'link-call')).toBe('connected');
    h.engine.hangUp('link-call');
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'link-call', endReason: 'completed' });
    expect(code(h.engine.send({ type: 'waitForLinkCall', requestId: 'r1' }))).toBe('linkUsed');
  });

  it('a guest link takes a display name; a time-frame link needs the window the agent enters; without an issuer it fails and says so', async () => {
    const h = deskHarness({ config: { callLinks: { kind: 'timeFrame' } } });
    const now = h.clock.now();
    expect(code(h.engine.send({ type: 'createCallLink', target: { guestName: 'Guest' } }))).toBe('invalidInput');
    expect(code(h.engine.send({ type: 'createCallLink', target: { guestName: 'Guest' }, validFrom: now + 10, validUntil: now + 5 }))).toBe('invalidInput');
    expect(code(h.engine.send({ type: 'createCallLink', target: { guestName: '  ' }, validFrom: now, validUntil: now + 5 }))).toBe('invalidInput');
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 'g1', target: { guestName: 'Grace' }, validFrom: now + 60_000, validUntil: now + 3_600_000 }))).toBe('ok');
    expect(conversation(h.engine.getSnapshot(), 'conv-link-g1')).toMatchObject({ customer: { name: 'Grace' }, assignee: 'agent-ann', status: 'open' });
    await h.clock.tick(0);
    expect(h.engine.getSnapshot().desk?.callLinks[0]).toMatchObject({ status: 'failed', validFrom: now + 60_000 });
    expect(callLinkState(h.engine.getSnapshot(), 'g1', now)).toBe('failed');

    // Signed, its window not open yet: not yet, then usable, then over.
    const signed = deskHarness({ config: { callLinks: { kind: 'timeFrame', issue: async () => ({ url: 'https://calls.example/join?t=y', linkId: 'l2' }) } } });
    const t0 = signed.clock.now();
    signed.engine.send({ type: 'createCallLink', requestId: 'g2', target: { guestName: 'Grace' }, validFrom: t0 + 60_000, validUntil: t0 + 120_000 });
    expect(callLinkState(signed.engine.getSnapshot(), 'g2', t0)).toBe('requested');
    await vi.waitFor(() => expect(callLinkState(signed.engine.getSnapshot(), 'g2', t0)).toBe('notOpenYet'));
    expect([t0 + 60_000, t0 + 120_000].map((at) => callLinkState(signed.engine.getSnapshot(), 'g2', at))).toEqual(['usable', 'expired']);
    expect(h.outputs.some((output) => output.type === 'error' && output.error.code === 'unsupported')).toBe(true);
  });
});

describe('a link the call screen cannot wait on', () => {
  async function createdLink(expiresInMs: number) {
    const h = deskHarness({
      config: { callLinks: { kind: 'expiry', issue: async () => ({ url: 'https://calls.example/join?t=x', linkId: 'l1', expiresAt: h.clock.now() + expiresInMs }) } },
    });
    h.engine.send({ type: 'conversationsLoaded', conversations: [conv('conv-1', 'agent-ann')] });
    h.engine.send({ type: 'startConversation', conversationId: 'conv-1' });
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 'r1', target: { conversationId: 'conv-1' } }))).toBe('ok');
    await vi.waitFor(() => expect(h.engine.getSnapshot().desk!.callLinks[0]!.status).toBe('created'));
    return h;
  }

  it('is sent to the client by the desk\'s channel, and whether it went is kept and logged (004: verify the link has been sent)', async () => {
    const h = await createdLink(60_000);
    const sent: unknown[] = [];
    let fails = true;
    Object.assign(h.adapter, { sendCallLink: async (link: unknown) => { if (fails) throw new Error('chat service down'); sent.push(link); } });
    const record = () => h.engine.getSnapshot().desk!.callLinks[0]!;
    expect(code(h.engine.send({ type: 'sendCallLink', requestId: 'r1' }))).toBe('ok');
    await h.clock.tick(0);
    expect(record()).toMatchObject({ sendError: 'chat service down' });
    expect(record().sentAt).toBeUndefined();
    expect(h.outputs.some((output) => output.type === 'error' && output.error.code === 'commandFailed')).toBe(true);
    fails = false;
    const at = h.clock.now();
    h.engine.send({ type: 'sendCallLink', requestId: 'r1' });
    await h.clock.tick(0);
    expect(sent).toEqual([{ requestId: 'r1', url: 'https://calls.example/join?t=x', conversationId: 'conv-1' }]);
    expect(record()).toMatchObject({ sentAt: at });
    expect(record().sendError).toBeUndefined();
    expect(conversation(h.engine.getSnapshot(), 'conv-1')?.timeline.filter((event) => event.kind.startsWith('callLink')).map((event) => event.kind))
      .toEqual(['callLinkCreated', 'callLinkNotSent', 'callLinkSent']);
    expect(code(h.engine.send({ type: 'sendCallLink', requestId: 'nope' }))).toBe('unknownLinkRequest');
    await h.clock.tick(60_000);
    const before = h.engine.getSnapshot();
    expect(code(h.engine.send({ type: 'sendCallLink', requestId: 'r1' }))).toBe('linkExpired');
    expect(h.engine.getSnapshot()).toBe(before);

    // A desk with no way to send it says so: the agent copies the link instead.
    const bare = await createdLink(60_000);
    bare.engine.send({ type: 'sendCallLink', requestId: 'r1' });
    await bare.clock.tick(0);
    expect(bare.engine.getSnapshot().desk!.callLinks[0]).toMatchObject({ sendError: expect.stringContaining('copy the link') });
  });

  it('is sent once however often Send is pressed while it goes; only that send\'s answer counts, and a reload may send again', async () => {
    const h = await createdLink(600_000);
    const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
    Object.assign(h.adapter, { sendCallLink: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })) });
    const record = () => h.engine.getSnapshot().desk!.callLinks[0]!;
    expect(code(h.engine.send({ type: 'sendCallLink', requestId: 'r1' }))).toBe('ok');
    expect(code(h.engine.send({ type: 'sendCallLink', requestId: 'r1' }))).toBe('invalidState');
    await h.clock.tick(0);
    expect(pending).toHaveLength(1);
    // A stray answer from the backend, for a send nobody is waiting on, marks nothing.
    const saved = JSON.parse(JSON.stringify(h.engine.getSnapshot()));
    pending[0]!.resolve();
    await h.clock.tick(0);
    expect(record()).toMatchObject({ sentAt: expect.any(Number) });
    expect(record().sending).toBeUndefined();
    const before = h.engine.getSnapshot();
    h.engine.send({ type: 'callLinkNotSent', requestId: 'r1', error: { code: 'commandFailed', message: 'late' } });
    h.engine.send({ type: 'callLinkSent', requestId: 'r1' });
    expect(h.engine.getSnapshot()).toBe(before);

    // A page saved while the send was under way: its answer went with that page.
    const reloaded = harness({ engine: { extension: h.desk, initialState: saved }, clock: createVirtualClock(h.clock.now()) });
    expect(reloaded.engine.getSnapshot().desk!.callLinks[0]!.sending).toBeUndefined();
    expect(code(reloaded.engine.send({ type: 'sendCallLink', requestId: 'r1' }))).toBe('ok');
  });

  it('has expired: refused from its expiry on, and nothing changes', async () => {
    const h = await createdLink(1_000);
    await h.clock.tick(1_000);
    const before = h.engine.getSnapshot();
    // What the troubleshooting check (004: has the link expired?) shows, before anyone presses a button.
    expect(callLinkState(before, 'r1', h.clock.now() - 1)).toBe('usable');
    expect(callLinkState(before, 'r1', h.clock.now())).toBe('expired');
    expect(callLinkState(before, 'nope', h.clock.now())).toBeUndefined();
    expect(code(h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'link-call' }))).toBe('linkExpired');
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it('was used for a call already: refused after that call, wrap-up closed, as well', async () => {
    const h = await createdLink(3_600_000);
    const stateOfLink = () => callLinkState(h.engine.getSnapshot(), 'r1', h.clock.now());
    expect(stateOfLink()).toBe('usable');
    expect(code(h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'link-call' }))).toBe('ok');
    expect(stateOfLink()).toBe('inUse');
    h.adapter.remote.join('link-call');
    await h.clock.tick(10);
    h.engine.hangUp('link-call');
    expect(code(h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' }))).toBe('ok');
    expect(stateOfLink()).toBe('used');
    const before = h.engine.getSnapshot();
    expect(code(h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'again' }))).toBe('linkUsed');
    expect(h.engine.getSnapshot()).toBe(before);
  });
});

describe('the agent picks the link type per link (003)', () => {
  it('a one-time desk creates a time-frame link when asked, with its window; an unknown type is refused and changes nothing', () => {
    const h = deskHarness({ config: { callLinks: { kind: 'oneTime' } } });
    const now = h.clock.now();
    const before = h.engine.getSnapshot();
    expect(code(h.engine.send({ type: 'createCallLink', target: { guestName: 'Grace' }, kind: 'forever' as never }))).toBe('invalidInput');
    expect(code(h.engine.send({ type: 'createCallLink', target: { guestName: 'Grace' }, kind: 'timeFrame' }))).toBe('invalidInput');
    expect(h.engine.getSnapshot()).toBe(before);
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 't1', target: { guestName: 'Grace' }, kind: 'timeFrame', validFrom: now, validUntil: now + 60_000 }))).toBe('ok');
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 'e1', target: { guestName: 'Hal' }, kind: 'expiry' }))).toBe('ok');
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 'o1', target: { guestName: 'Ida' } }))).toBe('ok');
    expect(h.engine.getSnapshot().desk?.callLinks.map((link) => [link.requestId, link.kind])).toEqual([['t1', 'timeFrame'], ['e1', 'expiry'], ['o1', 'oneTime']]);
  });
});

describe('call link verification: one typed error per reason', () => {
  it('a used-link store that fails refuses the one-time link as notChecked, and the link stays usable', async () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const memory = createMemoryUsedLinkStore({ clock });
    let down = true;
    const usedLinks = { consume: async (id: string, exp: number) => (down ? Promise.reject(new Error('store down')) : memory.consume(id, exp)) };
    const links = createCallLinks({ secret, baseUrl: 'https://calls.example/join', clock, usedLinks });
    const { url } = await links.issue({ kind: 'oneTime', target: { guestName: 'Grace' }, agentId: 'agent-ann' });
    const refused = await links.verify(url);
    expect(refused.ok === false && refused.error).toBeInstanceOf(CallLinkError);
    expect(refused.ok === false && refused.error.code).toBe('notChecked');
    down = false;
    expect((await links.verify(url)).ok).toBe(true);
  });

  it('forged, expired, not yet valid, already used and malformed links are told apart', async () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const store = createMemoryUsedLinkStore({ clock });
    const links = createCallLinks({ secret, baseUrl: 'https://calls.example/join', clock, usedLinks: store });
    const other = createCallLinks({ secret: `${secret}-other`, baseUrl: 'https://calls.example/join', clock });
    const codeOf = async (token: string) => {
      const result = await links.verify(token);
      if (result.ok) return 'ok';
      expect(result.error).toBeInstanceOf(CallLinkError);
      expect(result.error.remedy.length).toBeGreaterThan(10);
      return result.error.code;
    };
    const oneTime = await links.issue({ kind: 'oneTime', target: { guestName: 'Grace' }, agentId: 'agent-ann', ttlMs: 60_000 });
    const later = await links.issue({ kind: 'timeFrame', target: { conversationId: 'conv-1' }, agentId: 'agent-ann', validFrom: clock.now() + 60_000, validUntil: clock.now() + 120_000 });
    expect(await codeOf((await other.issue({ kind: 'expiry', target: { guestName: 'x' }, agentId: 'a' })).token)).toBe('forged');
    expect(await codeOf(later.url)).toBe('notYetValid');
    expect(await codeOf(oneTime.url)).toBe('ok');
    expect(await codeOf(oneTime.token)).toBe('alreadyUsed');
    expect(store.size()).toBe(1);
    expect(await codeOf('not-a-link')).toBe('malformed');
    expect(await codeOf('https://calls.example/join')).toBe('malformed');
    clock.advanceBy(61_000);
    expect(await codeOf(later.token)).toBe('ok');
    clock.advanceBy(60_000);
    expect(await codeOf(later.token)).toBe('expired');
    await expect(links.issue({ kind: 'timeFrame', target: { guestName: 'x' }, agentId: 'a' })).rejects.toMatchObject({ code: 'invalidInput' });
    expect(() => createCallLinks({ secret: 'short', baseUrl: 'https://calls.example/join' })).toThrow(/at least 32 bytes/);
    // From plain JavaScript: no options, or a base URL that is not a string, is a configuration error like the others.
    expect(() => createCallLinks(undefined as never)).toThrow(expect.objectContaining({ code: 'invalidConfig' }));
    expect(() => createCallLinks({ secret, baseUrl: 42 as never })).toThrow(expect.objectContaining({ code: 'invalidConfig' }));
  });

  it('the link code holding the secret is in no browser bundle of the main entry', async () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const result = await build({
      stdin: { contents: "export * from './src/index.ts';", resolveDir: root, loader: 'ts' },
      bundle: true, write: false, format: 'esm', platform: 'browser', treeShaking: true, external: ['rxjs'], metafile: true, logLevel: 'silent',
    });
    const inputs = Object.keys(Object.values(result.metafile.outputs)[0]!.inputs);
    expect(inputs.filter((path) => path.includes('src/links/') || path.includes('node_modules/zod'))).toEqual([]);
    expect(inputs.some((path) => path.includes('src/desk/callLinks.ts'))).toBe(true);
  });
});
