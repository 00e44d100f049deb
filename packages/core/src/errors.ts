import type { DeskErrorCode } from './desk/errors.js';
import type { CallId, Device, ErrorInfo } from './model.js';

/** Every way an input can be refused or a command can fail. */
export const errorCodes = [
  'invalidState', 'unknownCall', 'busy', 'ringExpired', 'invalidDtmf', 'invalidNumber', 'unsupported',
  'permissionDenied', 'deviceUnavailable', 'holdRefused', 'resumeRefused', 'commandFailed', 'connectFailed',
  'invalidAdapterEvent', 'invalidInput', 'unknownDevice', 'invalidConfig', 'disposed', 'notifierFailed', 'subscriberFailed', 'environment',
] as const;

/** Codes of the call engine itself; the agent desk adds its own (desk/errors.ts). */
export type CoreErrorCode = (typeof errorCodes)[number];
export type ErrorCode = CoreErrorCode | DeskErrorCode;

// One line a support person can read to a customer or an agent; 004's
// troubleshooting list is the model.
const remedies: Record<CoreErrorCode, string> = {
  invalidState: 'The call is not in a state where this action applies; refresh the call controls from the current state.',
  unknownCall: 'The call has already ended or never existed; refresh the call list.',
  busy: 'Another call is in progress; end or transfer it first.',
  ringExpired: 'The ring countdown ran out before the answer; use Recall to call back.',
  invalidDtmf: 'Use only the dial pad keys 0-9, *, # and A-D.',
  invalidNumber: 'Enter the number in international format: + then country code and number, e.g. +14155550100.',
  unsupported: 'This media connection does not support the action; the control should be hidden for this call.',
  permissionDenied: 'Allow access in the browser (the icon left of the address bar), then try again.',
  deviceUnavailable: 'Check that the device is plugged in and not used by another application.',
  holdRefused: 'The network refused the hold; the call is still connected. Try again in a moment.',
  resumeRefused: 'The network refused to resume; the call is still on hold. Try Resume again.',
  commandFailed: 'The media connection did not carry out the action; check the network and try again.',
  connectFailed: 'The call could not connect; check the network/VPN and the browser permissions.',
  invalidAdapterEvent: 'The media connection sent a malformed event; it was ignored. Report it with the diagnostics.',
  invalidInput: 'The request was malformed; check the values passed to the engine.',
  unknownDevice: 'That device is no longer connected; pick one from the current device list.',
  invalidConfig: 'The engine configuration is invalid; fix the values named in the message.',
  disposed: 'The call engine was shut down; create a new one.',
  notifierFailed: 'The backend did not accept a call notice after retries; check the endpoint.',
  subscriberFailed: 'Code subscribed to the engine threw; the engine carried on. Fix the subscriber named in the cause.',
  environment: 'Use a desktop Chrome or Edge with WebRTC enabled.',
};

const deviceRemedies: Record<Device, string> = {
  microphone: 'Allow the microphone for this site in the browser (the icon left of the address bar), then try again.',
  camera: 'Allow the camera for this site in the browser, and check it is not used by another application.',
  screen: 'Allow screen sharing and pick a window or tab in the browser picker; Chrome or Edge are recommended.',
  speaker: 'Check that the speaker or headset is connected, or pick another output in the settings.',
};

// Everything else (refusals the user can act on, desk refusals) is recoverable.
const unrecoverableCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['unsupported', 'connectFailed', 'invalidConfig', 'disposed', 'environment']);

/** The remedy for a core code; desk codes carry theirs in the `ErrorInfo`. */
export function remedyFor(code: ErrorCode, device?: Device): string {
  return (device && (code === 'permissionDenied' || code === 'deviceUnavailable') ? deviceRemedies[device] : undefined) ?? remedies[code as CoreErrorCode] ?? remedies.invalidInput;
}

/** The one error class of Ringline: every rejection and failure is one of these. */
export class RinglineError extends Error {
  override readonly name = 'RinglineError';
  readonly code: ErrorCode;
  readonly recoverable: boolean;
  readonly remedy: string;
  readonly callId: CallId | undefined;
  readonly device: Device | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; callId?: CallId; device?: Device; remedy?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.recoverable = !unrecoverableCodes.has(code);
    this.remedy = options.remedy ?? remedyFor(code, options.device);
    this.callId = options.callId;
    this.device = options.device;
  }

  static from(info: ErrorInfo, cause?: unknown): RinglineError {
    return new RinglineError(info.code, info.message, { cause, callId: info.callId, device: info.device, remedy: info.remedy });
  }

  toJSON(): ErrorInfo & { remedy: string } {
    const info: ErrorInfo & { remedy: string } = { code: this.code, message: this.message, remedy: this.remedy };
    if (this.callId !== undefined) info.callId = this.callId;
    if (this.device !== undefined) info.device = this.device;
    return info;
  }
}

export function isRinglineError(value: unknown): value is RinglineError {
  return value instanceof RinglineError;
}

/**
 * Turns whatever an adapter threw into serializable error data. Browser media
 * errors are DOMExceptions whose `name` says what went wrong.
 */
export function toErrorInfo(thrown: unknown, fallback: ErrorCode, device?: Device, callId?: CallId): ErrorInfo {
  if (thrown instanceof RinglineError) {
    const info: ErrorInfo = { code: thrown.code, message: thrown.message };
    const dev = thrown.device ?? device;
    if (dev) info.device = dev;
    const id = callId ?? thrown.callId;
    if (id) info.callId = id;
    // An adapter's own remedy (a device policy, say) says more than the generic one.
    if (thrown.remedy !== remedyFor(thrown.code, thrown.device)) info.remedy = thrown.remedy;
    return info;
  }
  const name = (thrown as { name?: unknown } | null)?.name;
  // DOMException-like objects from other realms or polyfills are not `Error`s but carry a message.
  const given = (thrown as { message?: unknown } | null)?.message;
  const message = typeof given === 'string' ? given : String(thrown);
  let code = fallback;
  if (name === 'NotAllowedError' || name === 'SecurityError') code = 'permissionDenied';
  else if (name === 'NotFoundError' || name === 'NotReadableError' || name === 'OverconstrainedError') code = 'deviceUnavailable';
  const info: ErrorInfo = { code, message };
  if (device && (code === 'permissionDenied' || code === 'deviceUnavailable')) info.device = device;
  if (callId) info.callId = callId;
  return info;
}
