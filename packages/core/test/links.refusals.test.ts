// call links — expired or unusable links must be refused with a typed error and change nothing.
import { describe, expect, it, vi } from 'vitest';
import { RinglineError, type SendResult } from '../src/index.js';
import { createCallLinks } from '../src/links/index.js';
import { createVirtualClock } from '../src/testing/index.js';
import { deskHarness } from './deskSupport.js';

const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);

describe('desk call links', () => {
  it('a time-frame link whose window has ended is refused by waitForLinkCall (issuer gave no expiresAt)', async () => {
    // The integrator's issuer returns url and linkId only (expiresAt is optional in the desk's contract).
    const h = deskHarness({ config: { callLinks: { kind: 'timeFrame', issue: async () => ({ url: 'https://calls.example/join?t=x', linkId: 'l1' }) } } });
    const now = h.clock.now();
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 'r1', target: { guestName: 'Grace' }, validFrom: now, validUntil: now + 60_000 }))).toBe('ok');
    await vi.waitFor(() => expect(h.engine.getSnapshot().desk!.callLinks[0]!.status).toBe('created'));
    // The window the agent entered is over.
    await h.clock.tick(120_000);
    const before = h.engine.getSnapshot();
    const result = h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'link-call' });
    expect(code(result)).toBe('linkExpired');
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it('a time-frame link whose window has not started is refused by waitForLinkCall without being used up: within its window it can be waited on', async () => {
    // This issuer does return the expiry (the end of the window), as `@ringline/core/links` gives it.
    const h = deskHarness({ config: { callLinks: { kind: 'timeFrame', issue: async (request) => ({ url: 'https://calls.example/join?t=x', linkId: 'l1', expiresAt: request.validUntil! }) } } });
    const now = h.clock.now();
    // A scheduled call: the window opens in an hour and lasts an hour (003: time-frame input from agents).
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 'r1', target: { guestName: 'Grace' }, validFrom: now + 3_600_000, validUntil: now + 7_200_000 }))).toBe('ok');
    await vi.waitFor(() => expect(h.engine.getSnapshot().desk!.callLinks[0]!.status).toBe('created'));
    const before = h.engine.getSnapshot();
    // The client cannot join before the window (verify says notYetValid): waiting now must be refused and change nothing.
    const early = h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'too-early' });
    expect(code(early)).toBe('linkNotOpenYet');
    expect(h.engine.getSnapshot()).toBe(before);
    // Inside the window: the client may open the link, the agent must be able to wait for them.
    await h.clock.tick(3_600_000);
    expect(code(h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'in-window' }))).toBe('ok');
  });

  it('004 prerequisites hold when the call starts too: a link for a conversation now owned by another agent is refused and changes nothing', async () => {
    const h = deskHarness({ config: { callLinks: { kind: 'expiry', issue: async () => ({ url: 'https://calls.example/join?t=x', linkId: 'l1', expiresAt: h.clock.now() + 3_600_000 }) } } });
    const conv = (assignee: string | null) => ({ id: 'conv-1', customer: { name: 'Jane Roe', number: '+14155550142' }, assignee, status: 'open' as const, tags: [], pending: 0, timeline: [] });
    h.engine.send({ type: 'conversationsLoaded', conversations: [conv('agent-ann')] });
    h.engine.send({ type: 'startConversation', conversationId: 'conv-1' });
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 'r1', target: { conversationId: 'conv-1' } }))).toBe('ok');
    await vi.waitFor(() => expect(h.engine.getSnapshot().desk!.callLinks[0]!.status).toBe('created'));
    // The backend reassigns the conversation to Bob.
    h.engine.send({ type: 'conversationsLoaded', conversations: [conv('agent-bob')] });
    const before = h.engine.getSnapshot();
    expect(code(h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'link-call' }))).toBe('notConversationOwner');
    expect(h.engine.getSnapshot()).toBe(before);
  });
});

describe('createCallLinks', () => {
  it('an id from createId that the payload schema refuses fails issue() with a typed RinglineError, not a raw ZodError', async () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const links = createCallLinks({ secret: 'a-test-secret-that-is-long-enough-0123456789', baseUrl: 'https://calls.example/join', clock, createId: () => 'bad id!' });
    const error = await links.issue({ kind: 'expiry', target: { guestName: 'Grace' }, agentId: 'agent-ann' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RinglineError);
  });
});
