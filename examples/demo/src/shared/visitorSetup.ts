// The visitor widget's engine: the visitor adapter (the assistant's text leg
// and takeovers) over the p2p adapter on the page's signaling connection.
// The agent's desk rings the visitor in a room per call; the backend's event
// says which room to wait in, with its token. Recall (000) is the one p2p call
// the visitor places: the backend asks that agent to take it.
import { createP2PAdapter } from '@ringline/adapter-p2p';
import { type CallEngine, createCallEngine, RinglineError } from '@ringline/core';
import { loadPreferences } from '@ringline/react';
import { type BackendClient, createBackendClient, type VisitorEvent } from './backendClient.js';
import { exposeForDebugging } from './debugHandle.js';
import { createPageSignaling, rtcConfig } from './signaling.js';
import { createDemoVideoProcessor } from './videoEffects.js';
import { createVisitorAdapter, type DemoVisitorAdapter } from './visitorAdapter.js';

export interface VisitorLine {
  visitorId: string;
  engine: CallEngine;
  adapter: DemoVisitorAdapter;
  backend: BackendClient<VisitorEvent>;
}

/** 000: how long the visitor has to answer; the business owner sets it (`?ring=<seconds>` here, 30 s by default). */
export function visitorRingTimeoutMs(): number {
  const seconds = Number(new URLSearchParams(location.search).get('ring'));
  return Number.isInteger(seconds) && seconds >= 5 && seconds <= 120 ? seconds * 1_000 : 30_000;
}

export function createVisitorLine(visitorId: string): VisitorLine {
  const backend = createBackendClient<VisitorEvent>(`visitor=${encodeURIComponent(visitorId)}`);
  const media = createP2PAdapter({
    signaling: createPageSignaling(),
    self: { id: visitorId },
    rtcConfig,
    videoProcessor: createDemoVideoProcessor(),
    async roomForCall(request) {
      const agentId = request.remote.id;
      if (!agentId) throw new RinglineError('invalidInput', 'Recall needs the agent who called', { callId: request.callId });
      const result = await backend.command({ type: 'recall', visitorId, callId: request.callId, agentId, media: request.media });
      if (!result.ok || !result.token) throw new RinglineError('commandFailed', result.ok ? 'The backend gave no room token' : result.error, { callId: request.callId });
      return { room: request.callId, token: result.token };
    },
  });
  const adapter = createVisitorAdapter({ visitorId, media, backend });
  const engine = createCallEngine({ adapter, config: { ringTimeoutMs: visitorRingTimeoutMs() }, preferences: loadPreferences() });
  backend.onEvent((event) => {
    // An agent's call to the visitor (a hand-off's person joining is the visitor adapter's).
    if (event.type === 'incomingCall') {
      media.watchRoom({ room: event.callId, token: event.token }).catch(() => undefined);
    }
  });
  exposeForDebugging(engine, adapter);
  return { visitorId, engine, adapter, backend };
}
