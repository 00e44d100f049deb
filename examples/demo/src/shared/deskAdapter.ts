// The desk's MediaAdapter: the p2p adapter for media, plus what only the demo
// backend can do: transfers (003) and claiming offers. Every desk call's media
// leg is a p2p room shared with the visitor. For a hand-off, a transfer or a
// call the agent places, the desk rings the visitor; for the visitor's Recall
// the visitor rings and the desk answers: the tab that claims the call joins
// the room, and the ring's own `incoming` is dropped because the backend's
// offer already brought the call. A call link's
// room (004) is one the desk dials once the server has signed the link.
import type { CallRoom, P2PAdapter } from '@ringline/adapter-p2p';
import {
  type AdapterCapabilities, type ConnectRequest, type DeskAdapter, type MediaAdapter, RinglineError, type TransferTarget,
} from '@ringline/core';
import { filter, firstValueFrom, map, throwError, timeout } from 'rxjs';
import type { AgentEvent, BackendClient, RoomRole } from './backendClient.js';

export interface DeskAdapterOptions {
  agentId: string;
  media: P2PAdapter;
  backend: BackendClient<AgentEvent>;
}

export interface DemoDeskAdapter extends MediaAdapter, DeskAdapter {
  /** Called for each backend offer: where its room is and who rings. */
  expectCall(callId: string, room: CallRoom, role: RoomRole): void;
  /** A signed call link's room and this agent's token for it: the call that waits there has `callId` = the room. */
  expectLinkRoom(room: CallRoom): void;
  /** The room and token for a call this desk dials (p2p `roomForCall`). */
  roomFor(request: ConnectRequest): Promise<CallRoom>;
}

/** How long a won Recall's room may take to hand over the visitor's ring. */
const ringReplayMs = 10_000;

export function createDeskAdapter(options: DeskAdapterOptions): DemoDeskAdapter {
  const { media, backend, agentId } = options;
  const expected = new Map<string, { room: CallRoom; role: RoomRole }>();
  const linkRooms = new Map<string, CallRoom>();
  const connectedLinkCalls = new Set<string>();
  // Claims are per tab: two tabs of one agent compete like two agents (002).
  const tab = crypto.randomUUID();
  const capabilities: AdapterCapabilities = Object.freeze({ ...media.capabilities, transferTargets: Object.freeze(['agent', 'queue', 'external'] as const) });
  /**
   * The room of a Recall the visitor rings in, joined only by the tab that
   * won the claim: a room has two places, and every tab of the agent gets
   * the offer. The server hands a late joiner the ring it missed.
   */
  async function ringingIn(room: CallRoom): Promise<void> {
    const ring = firstValueFrom(media.events$.pipe(
      filter((event) => (event.type === 'incoming' || event.type === 'remoteEnded') && event.callId === room.room),
      timeout({ first: ringReplayMs, with: () => throwError(() => new RinglineError('connectFailed', `No ring in room ${room.room}`, { callId: room.room })) }),
    ));
    await media.watchRoom(room);
    const event = await ring;
    if (event.type === 'remoteEnded') throw new RinglineError('unknownCall', 'The visitor hung up before the call was answered', { callId: room.room });
  }

  return {
    capabilities,
    events$: media.events$.pipe(
      filter((event) => !(event.type === 'incoming' && expected.get(event.callId)?.role === 'answer')),
      map((event) => {
        if (!('callId' in event) || event.callId === undefined || !linkRooms.has(event.callId)) return event;
        if (event.type === 'mediaConnected') connectedLinkCalls.add(event.callId);
        // 004: a link call's client who hangs up has left; the agent's call screen says so and the agent ends the call.
        if (event.type === 'remoteEnded' && event.reason === 'hangup' && connectedLinkCalls.has(event.callId)) return { type: 'remoteLeft' as const, callId: event.callId };
        return event;
      }),
    ),
    expectCall(callId, room, role) {
      expected.set(callId, { room, role });
    },
    expectLinkRoom(room) {
      linkRooms.set(room.room, room);
    },
    async roomFor(request) {
      const link = linkRooms.get(request.callId);
      if (link) return link;
      const known = expected.get(request.callId);
      if (known) return known.room;
      // A call the agent places (startOutbound, follow-up, ring back): the backend finds the visitor by number.
      const number = request.remote.number;
      if (!number) throw new RinglineError('invalidInput', 'The demo dials visitors by their number', { callId: request.callId });
      const result = await backend.command({ type: 'dialVisitor', agentId, callId: request.callId, number, media: request.media });
      if (!result.ok || !result.token) throw new RinglineError('commandFailed', result.ok ? 'The backend gave no room token' : result.error, { callId: request.callId });
      return { room: request.callId, token: result.token };
    },
    async connect(request) {
      const known = request.direction === 'inbound' ? expected.get(request.callId) : undefined;
      if (known) {
        // Offers may ring several desks (a queue transfer): the backend gives the call to the first claim.
        // A hand-off card has already claimed through claimHandoff; asking again keeps what was won.
        const result = await backend.command({ type: 'claimOffer', agentId, callId: request.callId, tab });
        if (!result.ok || !result.claimed) throw new RinglineError('claimedElsewhere', 'Another agent or tab took this call first', { callId: request.callId });
      }
      // Accepting a hand-off or a transfer means ringing the visitor's side of the room.
      if (known?.role === 'dial') return media.connect({ ...request, direction: 'outbound' });
      if (known?.role === 'answer') await ringingIn(known.room);
      return media.connect(request);
    },
    async claimHandoff(callId) {
      const result = await backend.command({ type: 'claimOffer', agentId, callId, tab });
      if (!result.ok) throw new RinglineError('commandFailed', result.error, { callId });
      return result.claimed === true;
    },
    async releaseHandoff(callId) {
      await backend.command({ type: 'declineOffer', agentId, callId, tab });
    },
    async disconnect(callId, reason) {
      const known = expected.get(callId);
      expected.delete(callId);
      linkRooms.delete(callId);
      connectedLinkCalls.delete(callId);
      if (known?.role === 'answer') media.unwatchRoom(known.room.room);
      // Declined or missed before it was claimed: the backend offers it to the others still ringing (it ignores claimed calls).
      if (known) void backend.command({ type: 'declineOffer', agentId, callId, tab });
      await media.disconnect(callId, reason);
    },
    setMuted: (callId, muted) => media.setMuted(callId, muted),
    setCamera: (callId, on) => media.setCamera(callId, on),
    startScreenShare: (callId) => media.startScreenShare(callId),
    stopScreenShare: (callId) => media.stopScreenShare(callId),
    hold: (callId) => media.hold(callId),
    resume: (callId) => media.resume(callId),
    sendDtmf: (callId, digits) => media.sendDtmf(callId, digits),
    reconnect: (callId, attempt) => media.reconnect(callId, attempt),
    selectDevice: (kind, deviceId) => media.selectDevice!(kind, deviceId),
    setVolume: (volume) => media.setVolume!(volume),
    setVideoEffect: (effect) => media.setVideoEffect!(effect),
    setHoldAudio: (callId, audio) => media.setHoldAudio(callId, audio as { kind: string; url: string } | null),
    async refuseOffer(callId) {
      await backend.command({ type: 'declineOffer', agentId, callId, tab });
    },
    async transfer(callId, transferId, target) {
      const result = await backend.command({ type: 'transfer', agentId, callId, transferId, target: target as TransferTarget });
      if (!result.ok) throw new RinglineError('commandFailed', result.error, { callId });
    },
    dispose: () => media.dispose(),
  };
}
