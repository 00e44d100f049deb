// The guest's engine: a p2p adapter in the one room the verified link opened.
// Opening the link is the guest's consent to join (004), so the agent's ring
// in that room is answered at once, with the link's media.
import { createP2PAdapter, type P2PAdapter } from '@ringline/adapter-p2p';
import { type CallEngine, createCallEngine } from '@ringline/core';
import { loadPreferences } from '@ringline/react';
import { exposeForDebugging } from '../shared/debugHandle.js';
import { createPageSignaling, rtcConfig } from '../shared/signaling.js';

export interface GuestLine {
  engine: CallEngine;
  media: P2PAdapter;
}

export function createGuestLine(room: { room: string; token: string }, guestName: string | undefined): GuestLine {
  const media = createP2PAdapter({ signaling: createPageSignaling(), self: guestName ? { name: guestName } : {}, rtcConfig });
  const engine = createCallEngine({ adapter: media, config: { ringTimeoutMs: 60_000 }, preferences: loadPreferences() });
  engine.select$((state) => state.calls.some((call) => call.id === room.room && call.phase === 'ringing')).subscribe((ringing) => {
    if (ringing) engine.accept(room.room);
  });
  media.watchRoom(room).catch(() => undefined);
  exposeForDebugging(engine, media);
  return { engine, media };
}
