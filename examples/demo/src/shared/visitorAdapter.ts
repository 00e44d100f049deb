// The visitor's MediaAdapter: the p2p adapter for calls with people, plus the
// assistant's leg. A call to the assistant is answered by the demo backend in
// text (the transcript is the leg's "media"), so it connects without a
// microphone. When a person takes over (000), their ring in the hand-off room
// becomes core's `takeoverOffered` on that same call; Accept answers the ring
// and the call goes on with the person, same call id, so the engine keeps one
// call from the assistant to the agent. The p2p leg has the room's id; this
// adapter maps it to and from the engine's call id.
import type { CallStreams, P2PAdapter } from '@ringline/adapter-p2p';
import { type AdapterEvent, type CallId, type ConnectRequest, type MediaAdapter, type MediaPreferences, RinglineError } from '@ringline/core';
import { filter, map, merge, type Observable, Subject } from 'rxjs';
import type { BackendClient, VisitorEvent } from './backendClient.js';

/** Who the widget calls first: the backend's scripted assistant. */
export const assistantParty = { id: 'assistant', name: 'Ringline assistant', avatarUrl: '/avatars/assistant.svg' };

export interface DemoVisitorAdapter extends MediaAdapter {
  readonly streams$: Observable<CallStreams>;
  getStreams(callId: CallId): CallStreams;
  readonly dtmf$: Observable<{ callId: CallId; digits: string }>;
}

interface Leg {
  room: string;
  media: 'audio' | 'video';
  accepted: boolean;
}

export function createVisitorAdapter(options: { visitorId: string; media: P2PAdapter; backend: BackendClient<VisitorEvent> }): DemoVisitorAdapter {
  const { media, backend, visitorId } = options;
  const own = new Subject<AdapterEvent>();
  const assistantCalls = new Set<CallId>();
  /** Hand-off rooms announced by the backend, by the assistant call they are for. */
  const joining = new Map<string, CallId>();
  const legs = new Map<CallId, Leg>();
  const callOfRoom = new Map<string, CallId>();
  let preferences: MediaPreferences | undefined;

  backend.onEvent((event) => {
    if (event.type !== 'personJoining' || !assistantCalls.has(event.forCallId)) return;
    joining.set(event.callId, event.forCallId);
    media.watchRoom({ room: event.callId, token: event.token }).catch(() => undefined);
  });

  const toEngine = (event: AdapterEvent): AdapterEvent | undefined => {
    if (!('callId' in event) || event.callId === undefined) return event;
    if (event.type === 'incoming' && joining.has(event.callId)) {
      // The person's ring in the hand-off room: a takeover of the assistant call, not a second call.
      const callId = joining.get(event.callId)!;
      joining.delete(event.callId);
      legs.set(callId, { room: event.callId, media: event.media, accepted: false });
      callOfRoom.set(event.callId, callId);
      return { type: 'takeoverOffered', callId, agent: event.remote, ...(event.ringTimeoutMs === undefined ? {} : { ringTimeoutMs: event.ringTimeoutMs }) };
    }
    const callId = callOfRoom.get(event.callId);
    if (callId === undefined) return event;
    const leg = legs.get(callId);
    // The person gave up before the visitor answered: the call stays with the assistant.
    if (leg && !leg.accepted && event.type === 'remoteEnded') {
      forget(callId);
      return { type: 'takeoverWithdrawn', callId };
    }
    return { ...event, callId };
  };

  const forget = (callId: CallId) => {
    const leg = legs.get(callId);
    if (leg) callOfRoom.delete(leg.room);
    legs.delete(callId);
  };
  /** Where a command for this call goes: the person's leg, nowhere (text with the assistant), or the call itself. */
  const target = (callId: CallId): CallId | undefined => {
    const leg = legs.get(callId);
    if (leg?.accepted) return leg.room;
    return assistantCalls.has(callId) ? undefined : callId;
  };
  const forward = (callId: CallId, run: (id: CallId) => Promise<void>) => {
    const id = target(callId);
    return id === undefined ? Promise.resolve() : run(id);
  };
  const needsPerson = (callId: CallId, run: (id: CallId) => Promise<void>) => {
    const id = target(callId);
    return id === undefined ? Promise.reject(new RinglineError('unsupported', 'The assistant answers in text; camera and screen sharing start once a person joins', { callId })) : run(id);
  };
  const mapStreams = (streams: CallStreams): CallStreams => ({ ...streams, callId: callOfRoom.get(streams.callId) ?? streams.callId });

  return {
    capabilities: media.capabilities,
    events$: merge(own, media.events$.pipe(map(toEngine), filter((event): event is AdapterEvent => event !== undefined))),
    streams$: media.streams$.pipe(map(mapStreams)),
    getStreams: (callId) => mapStreams(media.getStreams(legs.get(callId)?.room ?? callId)),
    dtmf$: media.dtmf$.pipe(map((event) => ({ ...event, callId: callOfRoom.get(event.callId) ?? event.callId }))),
    async connect(request: ConnectRequest) {
      preferences = request.preferences;
      if (request.remote.id !== assistantParty.id) return media.connect(request);
      const result = await backend.command({ type: 'startAssistant', visitorId, callId: request.callId, media: request.media });
      if (!result.ok) throw new RinglineError('connectFailed', result.error, { callId: request.callId });
      assistantCalls.add(request.callId);
      // Answered at once; the conversation itself arrives as text from the backend.
      setTimeout(() => {
        own.next({ type: 'remoteJoined', callId: request.callId });
        own.next({ type: 'mediaConnected', callId: request.callId });
      }, 0);
    },
    async disconnect(callId, reason) {
      const leg = legs.get(callId);
      forget(callId);
      if (leg) await media.disconnect(leg.room, reason).catch(() => undefined);
      if (assistantCalls.delete(callId)) {
        await backend.command({ type: 'endAssistant', visitorId });
        return;
      }
      if (!leg) await media.disconnect(callId, reason);
    },
    async acceptTakeover(callId) {
      const leg = legs.get(callId);
      if (!leg) throw new RinglineError('unknownCall', `Nobody is joining call ${callId}`, { callId });
      await media.connect({
        callId: leg.room, direction: 'inbound', media: leg.media, remote: {},
        preferences: preferences ?? { volume: 1, videoEffect: { kind: 'none' } },
      });
      leg.accepted = true;
      // The person has the conversation now; the assistant stops.
      void backend.command({ type: 'assistantDone', visitorId });
    },
    async declineTakeover(callId) {
      const leg = legs.get(callId);
      forget(callId);
      if (leg) await media.disconnect(leg.room, 'declined');
    },
    setMuted: (callId, muted) => forward(callId, (id) => media.setMuted(id, muted)),
    setCamera: (callId, on) => needsPerson(callId, (id) => media.setCamera(id, on)),
    startScreenShare: (callId) => needsPerson(callId, (id) => media.startScreenShare(id)),
    stopScreenShare: (callId) => forward(callId, (id) => media.stopScreenShare(id)),
    hold: (callId) => forward(callId, (id) => media.hold(id)),
    resume: (callId) => forward(callId, (id) => media.resume(id)),
    sendDtmf: (callId, digits) => forward(callId, (id) => media.sendDtmf(id, digits)),
    reconnect: (callId, attempt) => forward(callId, (id) => media.reconnect(id, attempt)),
    selectDevice: (kind, deviceId) => media.selectDevice!(kind, deviceId),
    setVolume: (volume) => media.setVolume!(volume),
    setVideoEffect: (effect) => media.setVideoEffect!(effect),
    dispose: () => media.dispose(),
  };
}
