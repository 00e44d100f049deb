// Call links (003, 004) as the demo server uses them: core's signed links
// decide who may enter a link call's signaling room. The agent who issues a
// link gets a room token at once (their call screen waits in the room); the
// guest gets one only for a link that verifies, so a forged, expired,
// not-yet-valid or already-used link never reaches the room.
import type { CallLinkErrorCode, CallLinks, CallLinkPayload, CallLinkRequest } from '@ringline/core/links';
import { roomOfLink } from './linkRoom.js';

export { roomOfLink };

export interface RoomTokenMinter {
  mint(room: string, expiresAt: number): string;
}

export interface IssuedLinkRoom {
  url: string;
  linkId: string;
  expiresAt: number;
  room: string;
  /** The issuing agent's token for the room. */
  token: string;
}

export type JoinedLinkRoom =
  | { ok: true; room: string; token: string; media: CallLinkPayload['media']; agentId: string; guestName?: string }
  | { ok: false; error: { code: CallLinkErrorCode; message: string; remedy: string } };

export interface CallLinkRooms {
  /** Signs the desk's request; throws core's `RinglineError('invalidInput')` for a request zod refuses. */
  issue(request: CallLinkRequest): Promise<IssuedLinkRoom>;
  /** Verifies a link (consuming a one-time link) and hands out the guest's room token. */
  join(link: string): Promise<JoinedLinkRoom>;
}

export interface CallLinkRoomsOptions {
  links: CallLinks;
  tokens: RoomTokenMinter;
  now?: () => number;
  /** How long a room token opens the room once issued: a call that started inside the link's window may outlast it. */
  callLifetimeMs?: number;
}

export function createCallLinkRooms(options: CallLinkRoomsOptions): CallLinkRooms {
  const { links, tokens } = options;
  const now = options.now ?? Date.now;
  const callLifetimeMs = options.callLifetimeMs ?? 2 * 60 * 60_000;
  return {
    async issue(request) {
      const issued = await links.issue(request);
      const { id, exp } = issued.payload;
      const room = roomOfLink(id);
      // The agent waits in the room from now until the link's end, plus a call's length.
      return { url: issued.url, linkId: id, expiresAt: exp, room, token: tokens.mint(room, exp + callLifetimeMs) };
    },
    async join(link) {
      const verified = await links.verify(link);
      if (!verified.ok) {
        const { code, message, remedy } = verified.error;
        return { ok: false, error: { code, message, remedy } };
      }
      const { payload } = verified;
      const room = roomOfLink(payload.id);
      return {
        ok: true, room, token: tokens.mint(room, now() + callLifetimeMs), media: payload.media, agentId: payload.agent,
        ...(payload.guest === undefined ? {} : { guestName: payload.guest }),
      };
    },
  };
}
