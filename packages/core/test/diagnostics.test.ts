// 004's escalation information: what collectDiagnostics reports, and that a
// token or secret passed in anywhere never reaches the output.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectDiagnostics, describeUserAgent, redactLink, type EngineState } from '../src/index.js';
import { createCallLinks } from '../src/links/index.js';
import { createVirtualClock } from '../src/testing/index.js';
import { deskHarness } from './deskSupport.js';
import { fcParameters } from './fcSettings.js';
import { connectedOutbound, harness } from './support.js';

const chromeOnMac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const edgeOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0';
const firefoxOnLinux = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const safariOnIphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1';

describe('004 — information to collect for a technical escalation', () => {
  it('date/time, organization, agent, client and conversation, the link without its token, browsers and OS, permissions, call status, timeline', async () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550142' }, queue: 'support', conversationId: 'conv-7' });
    h.engine.accept('c1');
    await h.clock.tick(10);
    h.adapter.failNext('setCamera', { error: Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }) });
    h.engine.setCamera('c1', true);
    await h.clock.tick(10);
    const link = 'https://calls.example/join?t=eyJ2IjoxLCJpZCI6IkFBQUFBQUFBIn0.QmFkU2lnbmF0dXJlMDEyMzQ1Njc4OWFiY2RlZg&lang=en';
    const report = collectDiagnostics({
      state: h.engine.getSnapshot(),
      now: h.clock.now(),
      timeline: h.engine.getTimeline(),
      environment: { userAgent: chromeOnMac, clientUserAgent: safariOnIphone, permissions: { microphone: 'granted' } },
      context: { organization: 'Acme', clientId: 'client-42', conversationId: 'conv-7', link },
    });
    expect(report).toMatchObject({
      collectedAt: new Date(h.clock.now()).toISOString(),
      organization: 'Acme',
      agent: { id: 'agent-ann', name: 'Ann' },
      clientId: 'client-42',
      conversationId: 'conv-7',
      link: 'https://calls.example/join?t=[redacted]&lang=en',
      browser: { agent: { browser: 'Chrome', version: '156.0.0.0', os: 'macOS 10.15.7' }, client: { browser: 'Safari', version: '18.2', os: 'iOS 18.2' } },
      permissions: { microphone: 'granted', camera: 'denied', screen: 'unknown' },
      calls: [{ id: 'c1', status: 'connected', remotePresence: 'joined', camera: 'off', lastError: { code: 'permissionDenied', device: 'camera' } }],
      desk: { onDuty: true, wrapUpOpen: false },
    });
    expect((report.timeline as { kind: string }[]).map((entry) => entry.kind)).toEqual(['ringing', 'accepted', 'connected']);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reads the browsers and systems support asks about', () => {
    expect(describeUserAgent(edgeOnWindows)).toEqual({ browser: 'Edge', version: '156.0.0.0', os: 'Windows NT 10.0' });
    expect(describeUserAgent(firefoxOnLinux)).toEqual({ browser: 'Firefox', version: '140.0', os: 'Linux' });
    expect(describeUserAgent(undefined)).toBeUndefined();
  });

  it('keeps ids and plain words, removes what looks like a credential', () => {
    expect(redactLink('https://user:pw@calls.example/rooms/9b2d4c1e-7f3a-4b8e-9c1d-2e3f4a5b6c7d?lang=en#frag')).toBe('https://calls.example/rooms/9b2d4c1e-7f3a-4b8e-9c1d-2e3f4a5b6c7d?lang=en');
    expect(redactLink('https://calls.example/j/Zx9_kQ2mP4vL8nR1sT6wY3bH5cJ7dF0g')).toBe('https://calls.example/j/[redacted]');
    expect(redactLink('not a url Bearer abc.def-123')).toBe('not a url Bearer [redacted]');
  });
});

/** Tokens as they occur: random base64url secrets, JWTs, our own signed links, hex API keys. */
const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const classes = (text: string) => [/[a-z]/, /[A-Z]/, /[0-9]/, /[_-]/].filter((pattern) => pattern.test(text)).length;
const links = createCallLinks({ secret: 'a-test-secret-that-is-long-enough-0123456789', baseUrl: 'https://calls.example/join', clock: createVirtualClock(1_700_000_000_000) });
/** Signed call links are issued up front: an arbitrary that returns promises could leave one unawaited while shrinking. */
const linkTokens = await Promise.all(['Grace', 'Jane Roe', 'G', 'Ünïcødé guest', 'x'.repeat(100)].map(async (guestName) =>
  (await links.issue({ kind: 'oneTime', target: { guestName }, agentId: 'agent-ann' })).token));
const arbitraryToken: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ minLength: 24, maxLength: 48 }).map(base64url).filter((token) => classes(token) >= 3),
  fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 40 }), fc.uint8Array({ minLength: 32, maxLength: 32 }))
    .map(([payload, signature]) => `eyJhbGciOiJIUzI1NiJ9.${base64url(payload)}.${base64url(signature)}`),
  fc.constantFrom(...linkTokens),
  fc.uint8Array({ minLength: 20, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex')).filter((hex) => /[a-f]/.test(hex) && /[0-9]/.test(hex)),
);

type Place = 'linkQuery' | 'linkPath' | 'secretField' | 'extraText' | 'userAgent' | 'remoteName' | 'errorMessage' | 'timelineDetail' | 'deskLinkUrl' | 'redactList';
const places: Place[] = ['linkQuery', 'linkPath', 'secretField', 'extraText', 'userAgent', 'remoteName', 'errorMessage', 'timelineDetail', 'deskLinkUrl', 'redactList'];

describe('diagnostics (properties)', () => {
  it('a token or secret passed in anywhere never appears in the output', async () => {
    const h = deskHarness();
    const callId = 'c1';
    h.adapter.remote.offer({ callId, remote: { number: '+14155550142', name: 'Sam' }, queue: 'support' });
    h.engine.accept(callId);
    await h.clock.tick(10);
    const base = h.engine.getSnapshot();
    await fc.assert(
      fc.asyncProperty(arbitraryToken, fc.constantFrom(...places), fc.constantFrom(' ', '=', ': ', '"', '/'), async (token, place, glue) => {
        let state: EngineState = base;
        const call = base.calls[0]!;
        if (place === 'remoteName') state = { ...base, calls: [{ ...call, remote: { ...call.remote, name: `Sam${glue}${token}` } }] };
        if (place === 'errorMessage') state = { ...base, calls: [{ ...call, lastError: { code: 'commandFailed', message: `refused${glue}${token}` } }] };
        if (place === 'deskLinkUrl') {
          state = { ...base, desk: { ...base.desk!, callLinks: [{ requestId: 'r1', conversationId: 'conv-c1', kind: 'oneTime', media: 'video', status: 'created', requestedAt: 0, url: `https://calls.example/join?t=${token}` }] } };
        }
        const report = collectDiagnostics({
          state,
          now: h.clock.now(),
          timeline: [...h.engine.getTimeline(), ...(place === 'timelineDetail' ? [{ at: h.clock.now(), callId, kind: 'dtmf' as const, detail: `x${glue}${token}` }] : [])],
          environment: { userAgent: place === 'userAgent' ? `${chromeOnMac}${glue}${token}` : chromeOnMac },
          context: {
            organization: 'Acme',
            ...(place === 'linkQuery' ? { link: `https://calls.example/join?lang=en&invite=${encodeURIComponent(token)}` } : {}),
            ...(place === 'linkPath' ? { link: `https://calls.example/join/${token}` } : {}),
            extra: {
              ...(place === 'secretField' ? { apiKey: token, session: { id: token } } : {}),
              ...(place === 'extraText' ? { note: `the user pasted${glue}${token}${glue}here` } : {}),
              ...(place === 'redactList' ? { note: `plain ${token.slice(0, 12)}` } : {}),
            },
          },
          redact: place === 'redactList' ? [token.slice(0, 12)] : [],
        });
        const text = JSON.stringify(report);
        expect(text.includes(place === 'redactList' ? token.slice(0, 12) : token)).toBe(false);
        expect(text).toContain('Acme');
      }),
      fcParameters(),
    );
  });

  it('also without a desk, on a visitor engine', async () => {
    const h = harness();
    await connectedOutbound(h, 'audio');
    const report = collectDiagnostics({ state: h.engine.getSnapshot(), now: h.clock.now() });
    expect(report).toMatchObject({ permissions: { microphone: 'unknown' }, calls: [{ status: 'connected' }] });
    expect(report.desk).toBeUndefined();
  });
});

describe('collectDiagnostics on what plain JavaScript may pass', () => {
  it('a link with broken percent-encoding, no timeline wanted, a time that is not one: a report, never a throw', () => {
    const { engine } = harness({ engine: { timelineLimit: 10 } });
    engine.send({ type: 'placeCall', callId: 'c1', to: { name: 'Jo' }, media: 'audio' });
    expect(redactLink('https://calls.example/r/%E0%A4%A/aB3dE5fG7hJ9kL1mN3pQ5rS7?lang=en')).toBe('https://calls.example/r/%E0%A4%A/[redacted]?lang=en');
    const report = collectDiagnostics({
      state: engine.getSnapshot(), now: Number.NaN, timeline: engine.getTimeline(), timelineEntries: 0,
      context: { link: 'https://calls.example/r/room%zz' },
    });
    expect(report.collectedAt).toBeUndefined();
    expect(report.timeline).toEqual([]);
    expect(report.link).toBe('https://calls.example/r/room%zz');
    expect(engine.getTimeline().length).toBeGreaterThan(0);
  });

  it('fields of the wrong type are left out, not thrown on or spelled out letter by letter', () => {
    const { engine } = harness();
    const report = collectDiagnostics({
      state: engine.getSnapshot(), now: 0, redact: 'at' as unknown as string[],
      environment: { userAgent: 5 as unknown as string }, context: { link: 5 as unknown as string, organization: 'Acme' },
    });
    expect(report).toMatchObject({ collectedAt: '1970-01-01T00:00:00.000Z', organization: 'Acme', browser: {} });
    expect(report.link).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain('[redacted]');
  });
});
