// fast-check building blocks for property tests of Ringline and of code built on it.
import * as fc from 'fast-check';
import type { RemoteParty } from '../model.js';

export const arbitraryRemoteParty: fc.Arbitrary<RemoteParty> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 12 }),
    name: fc.string({ maxLength: 24 }),
    number: fc.stringMatching(/^\+[1-9][0-9]{6,13}$/),
  },
  { requiredKeys: [] },
);

export const arbitraryDtmf: fc.Arbitrary<string> = fc.stringMatching(/^[0-9*#A-D]{1,32}$/);

/** Strings the dial pad must refuse: empty, too long, or with a key outside 0-9 * # A-D. */
export const arbitraryInvalidDtmf: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[0-9]{33,40}$/),
  fc.tuple(arbitraryDtmf, fc.constantFrom('E', 'x', ' ', '+', '.', 'é', '\n', '9!'), arbitraryDtmf).map(([a, bad, b]) => `${a}${bad}${b}`.slice(0, 32)),
);

/** Shapes an adapter must never send: the engine has to refuse them and change nothing. */
export const arbitraryMalformedAdapterEvent: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything().filter((value) => typeof value !== 'object' || value === null),
  fc.record({ type: fc.string().filter((t) => !['incoming', 'remoteEnded'].includes(t)), callId: fc.string() }),
  fc.record({ type: fc.constant('incoming'), callId: fc.constant(''), remote: fc.constant({}), media: fc.constant('audio') }),
  fc.record({ type: fc.constant('incoming'), callId: fc.string({ minLength: 1 }), remote: fc.constant({}), media: fc.constantFrom('fax', 'hologram') }),
  fc.record({ type: fc.constant('remoteEnded'), callId: fc.string({ minLength: 1 }), reason: fc.constantFrom('exploded', '', 42) }),
  fc.record({ type: fc.constant('remoteMedia'), callId: fc.string({ minLength: 1 }), camera: fc.constantFrom('yes', 1, null) }),
);
