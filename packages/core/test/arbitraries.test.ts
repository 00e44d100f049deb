// The kit's arbitraries generate what they claim: every adapter event type
// the engine accepts, all valid; dial-pad strings up to the 32-key limit; and
// invalid ones that stay invalid.
import * as fc from 'fast-check';
import { expect, it } from 'vitest';
import { adapterEventParsers, parseAdapterEvent } from '../src/adapterEvents.js';
import { arbitraryAdapterEvent, arbitraryDtmf, arbitraryInvalidDtmf } from '../src/testing/index.js';

const dialPad = /^[0-9*#A-D]{1,32}$/;

it('arbitraryAdapterEvent generates every adapter event type, each one valid', () => {
  const events = fc.sample(arbitraryAdapterEvent(['a', 'b']), { numRuns: 5_000, seed: 1 });
  const seen = new Set(events.map((event) => event.type));
  expect(Object.keys(adapterEventParsers).filter((type) => !seen.has(type as never))).toEqual([]);
  expect(events.filter((event) => !parseAdapterEvent(event).ok)).toEqual([]);
});

it('arbitraryDtmf reaches the 32-key limit; arbitraryInvalidDtmf never makes a valid string', () => {
  const valid = fc.sample(arbitraryDtmf, { numRuns: 2_000, seed: 1 });
  expect(valid.every((digits) => dialPad.test(digits))).toBe(true);
  expect(Math.max(...valid.map((digits) => digits.length))).toBe(32);
  expect(fc.sample(arbitraryInvalidDtmf, { numRuns: 2_000, seed: 1 }).filter((digits) => dialPad.test(digits))).toEqual([]);
});
