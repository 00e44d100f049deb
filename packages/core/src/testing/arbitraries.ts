// fast-check building blocks for property tests of Ringline and of code built on it.
import * as fc from 'fast-check';
import type { AdapterEvent, CommandInput, EngineEvent, RemoteEndReason } from '../events.js';
import type { MediaKind, RemoteParty, VideoEffect } from '../model.js';

export const arbitraryRemoteParty: fc.Arbitrary<RemoteParty> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 12 }),
    name: fc.string({ maxLength: 24 }),
    number: fc.stringMatching(/^\+[1-9][0-9]{6,13}$/),
  },
  { requiredKeys: [] },
);

const dtmfKeys = [...'0123456789*#ABCD'];

/** Dial-pad strings of 1 to 32 keys, the limit included (a regex would stay under 13). */
export const arbitraryDtmf: fc.Arbitrary<string> = fc.array(fc.constantFrom(...dtmfKeys), { minLength: 1, maxLength: 32, size: 'max' }).map((keys) => keys.join(''));

/** Strings the dial pad must refuse: empty, too long, or with a key outside 0-9 * # A-D. */
export const arbitraryInvalidDtmf: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[0-9]{33,40}$/),
  // The bad key always survives the cut to 32.
  fc.tuple(arbitraryDtmf, fc.constantFrom('E', 'x', ' ', '+', '.', 'é', '\n', '9!'), arbitraryDtmf).map(([a, bad, b]) => `${a.slice(0, 30)}${bad}${b}`.slice(0, 32)),
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

const mediaKind = fc.constantFrom<MediaKind>('audio', 'video');

/** Any adapter event about one of `callIds`, well-formed. */
export function arbitraryAdapterEvent(callIds: readonly string[]): fc.Arbitrary<AdapterEvent> {
  const callId = fc.constantFrom(...callIds);
  return fc.oneof(
    fc.record({ type: fc.constant('incoming' as const), callId, remote: arbitraryRemoteParty, media: mediaKind, ringTimeoutMs: fc.integer({ min: 1, max: 120_000 }) }, { requiredKeys: ['type', 'callId', 'remote', 'media'] }),
    fc.record({ type: fc.constantFrom('earlyMedia' as const, 'remoteJoined' as const, 'remoteLeft' as const, 'mediaConnected' as const), callId }),
    fc.record({ type: fc.constantFrom('localScreenShareEnded' as const, 'networkLost' as const, 'networkRestored' as const), callId }),
    fc.record({
      type: fc.constant('remoteEnded' as const),
      callId,
      reason: fc.constantFrom<RemoteEndReason>('hangup', 'declined', 'busy', 'canceled', 'noAnswer', 'answeredElsewhere', 'failed', 'transferred'),
    }),
    fc.record({ type: fc.constant('remoteMedia' as const), callId, camera: fc.boolean(), screenShare: fc.boolean(), muted: fc.boolean(), held: fc.boolean() }, { requiredKeys: ['type', 'callId'] }),
    fc.record({ type: fc.constantFrom('takeoverWithdrawn' as const, 'phoneRinging' as const), callId }),
    fc.record({ type: fc.constant('takeoverOffered' as const), callId, agent: arbitraryRemoteParty, ringTimeoutMs: fc.integer({ min: 1, max: 60_000 }) }, { requiredKeys: ['type', 'callId', 'agent'] }),
    fc.record({
      type: fc.constant('adapterError' as const),
      callId,
      error: fc.record({ code: fc.constantFrom('commandFailed' as const, 'deviceUnavailable' as const, 'permissionDenied' as const), message: fc.string({ maxLength: 40 }) }),
    }, { requiredKeys: ['type', 'error'] }),
    fc.record({
      type: fc.constant('devicesChanged' as const),
      devices: fc.array(fc.record({ kind: fc.constantFrom('microphone' as const, 'speaker' as const, 'camera' as const), deviceId: fc.constantFrom('default', 'mic-2', 'cam-2'), label: fc.string({ maxLength: 12 }) }), { maxLength: 4 }),
    }),
  );
}

/** Any UI command about one of `callIds`, including ones that do not apply. */
export function arbitraryCommandInput(callIds: readonly string[]): fc.Arbitrary<CommandInput> {
  const callId = fc.constantFrom(...callIds);
  return fc.oneof(
    fc.record({ type: fc.constant('placeCall' as const), callId, to: arbitraryRemoteParty, media: mediaKind }),
    fc.record({ type: fc.constantFrom('accept' as const, 'decline' as const, 'hangUp' as const, 'hold' as const, 'resume' as const), callId }),
    fc.record({ type: fc.constantFrom('startScreenShare' as const, 'stopScreenShare' as const), callId }),
    fc.record({ type: fc.constant('setMuted' as const), callId, muted: fc.boolean() }),
    fc.record({ type: fc.constant('setCamera' as const), callId, on: fc.boolean() }),
    fc.record({ type: fc.constant('sendDtmf' as const), callId, digits: fc.oneof(arbitraryDtmf, arbitraryInvalidDtmf) }),
    fc.record({ type: fc.constant('recall' as const), missedCallId: callId, callId: callId.map((id) => `${id}-recall`) }),
    fc.record({ type: fc.constant('dismissMissed' as const), missedCallId: callId }),
    fc.record({ type: fc.constant('selectDevice' as const), kind: fc.constantFrom('microphone' as const, 'speaker' as const, 'camera' as const), deviceId: fc.constantFrom('default', 'mic-2', 'cam-2', 'gone') }),
    fc.record({ type: fc.constant('setVolume' as const), volume: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(-1, 2, Number.NaN)) }),
    fc.record({
      type: fc.constant('setVideoEffect' as const),
      effect: fc.constantFrom<VideoEffect>({ kind: 'none' }, { kind: 'blur' }, { kind: 'faceTrace' }, { kind: 'image', url: 'https://example.test/office.jpg' }),
    }),
  );
}

/**
 * A script of inputs with times that never go back (two may share an
 * instant), as the runtime would stamp them; adapter outcomes are left out
 * (the reducer must cope without them). Lengths reach `maxLength`: fast-check
 * would otherwise keep them near 10.
 */
export function arbitraryEventScript(callIds: readonly string[], options: { maxLength?: number } = {}): fc.Arbitrary<EngineEvent[]> {
  const input = fc.oneof(arbitraryAdapterEvent(callIds), arbitraryCommandInput(callIds));
  return fc
    .array(fc.tuple(input, fc.integer({ min: 0, max: 40_000 })), { maxLength: options.maxLength ?? 40, size: 'max' })
    .map((steps) => {
      let at = 0;
      return steps.map(([event, gap]) => ({ ...event, at: (at += gap) }) as EngineEvent);
    });
}
