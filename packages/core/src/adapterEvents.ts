// Adapters sit at a trust boundary (network, browser, another vendor's SDK):
// every event they emit is checked, and copied without unknown fields, before
// it can reach the reducer.
import { maxDurationMs } from './config.js';
import { errorCodes } from './errors.js';
import type { AdapterEvent } from './events.js';
import { InvalidValue, boolean, describeInvalid, integer, list, object, oneOf, optional, string, type Parser } from './validate.js';

const callId = string(1, 256);
const text = optional(string(0, 1_024));
const type = <T extends AdapterEvent['type']>(name: T) => oneOf([name]);
const callOnly = <T extends AdapterEvent['type']>(name: T) => object({ type: type(name), callId });

export const parseRemoteParty = object({ id: text, name: text, avatarUrl: text, number: text });

export const parseErrorInfo = object({
  code: oneOf(errorCodes),
  message: string(0, 1_024),
  callId: optional(callId),
  device: optional(oneOf(['microphone', 'camera', 'screen', 'speaker'])),
  remedy: optional(string(1, 1_024)),
});

/** One parser per event type, looked up by `type`, so a malformed event names its type. */
export const adapterEventParsers: { [K in AdapterEvent['type']]: Parser<Extract<AdapterEvent, { type: K }>> } = {
  incoming: object({
    type: type('incoming'),
    callId,
    remote: parseRemoteParty,
    media: oneOf(['audio', 'video']),
    ringTimeoutMs: optional(integer(1, maxDurationMs)),
  }),
  earlyMedia: callOnly('earlyMedia'),
  remoteJoined: callOnly('remoteJoined'),
  remoteLeft: callOnly('remoteLeft'),
  mediaConnected: callOnly('mediaConnected'),
  remoteEnded: object({
    type: type('remoteEnded'),
    callId,
    reason: oneOf(['hangup', 'declined', 'busy', 'canceled', 'noAnswer', 'answeredElsewhere', 'failed', 'transferred']),
  }),
  remoteMedia: object({
    type: type('remoteMedia'),
    callId,
    camera: optional(boolean),
    screenShare: optional(boolean),
    muted: optional(boolean),
    held: optional(boolean),
  }),
  localScreenShareEnded: callOnly('localScreenShareEnded'),
  networkLost: callOnly('networkLost'),
  networkRestored: callOnly('networkRestored'),
  adapterError: object({ type: type('adapterError'), callId: optional(callId), error: parseErrorInfo }),
  takeoverOffered: object({ type: type('takeoverOffered'), callId, agent: parseRemoteParty, ringTimeoutMs: optional(integer(1, maxDurationMs)) }),
  takeoverWithdrawn: callOnly('takeoverWithdrawn'),
  phoneRinging: callOnly('phoneRinging'),
  devicesChanged: object({
    type: type('devicesChanged'),
    devices: list(object({ kind: oneOf(['microphone', 'speaker', 'camera']), deviceId: string(0, 1_024), label: string(0, 1_024) }), 256),
  }),
};

export function isAdapterEventType(type: unknown): type is AdapterEvent['type'] {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(adapterEventParsers, type);
}

export type ParsedAdapterEvent =
  | { ok: true; event: AdapterEvent }
  | { ok: false; message: string };

export function parseAdapterEvent(value: unknown): ParsedAdapterEvent {
  const checked = checkAdapterEvent(value);
  return typeof checked === 'string' ? { ok: false, message: checked } : { ok: true, event: checked };
}

/** The checked copy, or a message saying what is wrong; the engine's path, with no result object per event. */
export function checkAdapterEvent(value: unknown): AdapterEvent | string {
  let type: unknown;
  try {
    type = (value as { type?: unknown } | null)?.type;
    if (!isAdapterEventType(type)) return `Invalid adapter event (unknown type ${describeType(type)})`;
    return adapterEventParsers[type](value);
  } catch (error) {
    // Anything else thrown while reading the event (a getter, a revoked proxy) makes it just as malformed.
    return `Invalid ${typeof type === 'string' ? type : 'adapter'} event (${error instanceof InvalidValue ? describeInvalid(error) : 'it could not be read'})`;
  }
}

/** An input's `type`, or `unreadable` when reading it throws (a getter, a revoked proxy). */
export const unreadable: unique symbol = Symbol('unreadable');
export function readType(value: unknown): unknown {
  try {
    return (value as { type?: unknown } | null)?.type;
  } catch {
    return unreadable;
  }
}

/** An input's type for a message, whatever plain JavaScript put there: a BigInt or a null-prototype object included. */
export function describeType(type: unknown): string {
  if (typeof type === 'string') return `"${type}"`;
  return typeof type === 'object' && type !== null ? 'an object' : String(type);
}
