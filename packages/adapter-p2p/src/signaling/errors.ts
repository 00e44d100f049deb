import type { SignalingErrorCode } from './messages.js';

/**
 * A signaling or data-channel message that was dropped, or a refusal from the
 * signaling server. Dropping one never ends a call; the error is reported so
 * that it can be logged and diagnosed.
 */
export class SignalingError extends Error {
  override readonly name = 'SignalingError';
  readonly code: SignalingErrorCode;
  readonly room: string | undefined;

  constructor(code: SignalingErrorCode, message: string, room?: string) {
    super(message);
    this.code = code;
    this.room = room;
  }
}
