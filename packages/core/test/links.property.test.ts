// Properties of signed call links over arbitrary clocks and links: a link
// verifies only inside its window, a used one-time link never verifies
// again (also when verified concurrently), and flipping any byte of a
// signed link makes it fail. Replay a failure with FC_SEED / FC_PATH.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCallLinks, type CallLinkRequest } from '../src/links/index.js';
import { asyncScheduler } from 'rxjs';
import type { Clock } from '../src/index.js';
import { fcParameters } from './fcSettings.js';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const base = 1_700_000_000_000;
const hour = 3_600_000;

/** A clock that can be set anywhere, backwards too: servers' clocks are not monotonic. */
function settableClock(start: number): Clock & { set(time: number): void } {
  let time = start;
  return { now: () => time, scheduler: asyncScheduler, set: (next) => { time = next; } };
}

const arbitraryRequest: fc.Arbitrary<CallLinkRequest> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('oneTime' as const, 'expiry' as const),
    ttlMs: fc.integer({ min: 1, max: 48 * hour }),
  }),
  fc.tuple(fc.integer({ min: -48 * hour, max: 48 * hour }), fc.integer({ min: 1, max: 48 * hour })).map(([startOffset, length]) => ({
    kind: 'timeFrame' as const,
    validFrom: base + startOffset,
    validUntil: base + startOffset + length,
  })),
).filter((request) => request.kind !== 'timeFrame' || request.validUntil! > base)
  .chain((window) => fc.record({
    target: fc.oneof(fc.record({ guestName: fc.string({ minLength: 1, maxLength: 20 }).filter((name) => name.trim().length > 0) }), fc.record({ conversationId: fc.string({ minLength: 1, maxLength: 40 }) })),
    media: fc.constantFrom('audio' as const, 'video' as const),
  }).map((rest) => ({ ...window, ...rest, agentId: 'agent-ann' })));

/** Offsets from issue time at which the link is opened, in any order. */
const arbitraryOpenings = fc.array(fc.integer({ min: -50 * hour, max: 100 * hour }), { minLength: 1, maxLength: 6 });

describe('call links (properties)', () => {
  it('a link never verifies outside its window, and a used one-time link never verifies again', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRequest, arbitraryOpenings, async (request, openings) => {
        const clock = settableClock(base);
        const links = createCallLinks({ secret, baseUrl: 'https://calls.example/join', clock });
        const { url, payload } = await links.issue(request);
        let used = false;
        for (const offset of openings) {
          clock.set(base + offset);
          const now = clock.now();
          const result = await links.verify(url);
          const inWindow = (payload.nbf === undefined || payload.nbf <= now) && now < payload.exp;
          if (!inWindow) {
            expect(result.ok).toBe(false);
            expect(result.ok ? undefined : result.error.code).toBe(now >= payload.exp ? 'expired' : 'notYetValid');
          } else if (payload.kind === 'oneTime' && used) {
            expect(result.ok ? 'ok' : result.error.code).toBe('alreadyUsed');
          } else {
            expect(result.ok).toBe(true);
            used = true;
          }
        }
      }),
      fcParameters(),
    );
  });

  it('of concurrent verifications of a one-time link, exactly one succeeds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), async (tabs) => {
        const links = createCallLinks({ secret, baseUrl: 'https://calls.example/join', clock: settableClock(base) });
        const { token } = await links.issue({ kind: 'oneTime', target: { guestName: 'Guest' }, agentId: 'agent-ann' });
        const results = await Promise.all(Array.from({ length: tabs }, () => links.verify(token)));
        expect(results.filter((result) => result.ok)).toHaveLength(1);
        expect(results.filter((result) => !result.ok && result.error.code === 'alreadyUsed')).toHaveLength(tabs - 1);
      }),
      fcParameters(),
    );
  });

  it('flipping any byte of a signed link fails verification', async () => {
    const clock = settableClock(base);
    const links = createCallLinks({ secret, baseUrl: 'https://calls.example/join', clock });
    const issued = await Promise.all([
      links.issue({ kind: 'expiry', target: { guestName: 'Grace' }, agentId: 'agent-ann', ttlMs: hour }),
      links.issue({ kind: 'timeFrame', target: { conversationId: 'conv-42' }, agentId: 'agent-ann', validFrom: base - hour, validUntil: base + hour }),
    ]);
    for (const { token } of issued) expect((await links.verify(token)).ok).toBe(true);
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    await fc.assert(
      // Positions near the end and masks of the low bits are weighted: the last character of the signature has spare bits.
      fc.asyncProperty(
        fc.constantFrom(...issued),
        fc.oneof(fc.nat(), fc.integer({ min: 1, max: 3 }).map((fromEnd) => -fromEnd)),
        fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 255 })),
        async ({ token }, position, mask) => {
        const bytes = encoder.encode(token);
        const index = position < 0 ? bytes.length + position : position % bytes.length;
        bytes[index] = bytes[index]! ^ mask;
        const result = await links.verify(decoder.decode(bytes));
        expect(result.ok).toBe(false);
        expect(['malformed', 'forged']).toContain(result.ok ? 'ok' : result.error.code);
        },
      ),
      fcParameters(),
    );
  });
});
