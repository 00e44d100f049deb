// Signed room tokens for deployments that have nothing better yet: the app's
// backend mints a token for a room, the signaling server checks it. Call
// links from @ringline/core plug into `authorize` the same way.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface RoomTokens {
  /** A token valid for `room` until `expiresAt` (epoch ms). */
  mint(room: string, expiresAt: number): string;
  /** Fits `createSignalingServer({ authorize })`. */
  authorize(token: string, room: string): boolean;
}

export function createRoomTokens(secret: string, now: () => number = Date.now): RoomTokens {
  if (secret.length < 16) throw new Error('A room token secret needs at least 16 characters');
  const sign = (room: string, expiresAt: number) =>
    createHmac('sha256', secret).update(`${expiresAt}.${room}`).digest('base64url');
  return {
    mint(room, expiresAt) {
      return `${expiresAt}.${sign(room, expiresAt)}`;
    },
    authorize(token, room) {
      const [expiry, signature, ...rest] = token.split('.');
      const expiresAt = Number(expiry);
      if (rest.length > 0 || !signature || !Number.isSafeInteger(expiresAt) || expiresAt < now()) return false;
      const expected = Buffer.from(sign(room, expiresAt));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
