// An agent's desk: the call engine with the agent desk extension (core's
// src/desk), configured from what the backend says about this agent, its
// queues and policies, on the demo's desk adapter over p2p media. Backend
// events become desk inputs here, and the desk's state goes back as the
// agent's duty and availability.
import { createP2PAdapter, type P2PAdapter } from '@ringline/adapter-p2p';
import { type AgentDesk, agentAvailability, type CallEngine, createAgentDesk, createCallEngine, type HistoryEntry } from '@ringline/core';
import { loadPreferences } from '@ringline/react';
import type { AgentEvent, BackendClient } from './backendClient.js';
import { exposeForDebugging } from './debugHandle.js';
import { createDeskAdapter, type DemoDeskAdapter } from './deskAdapter.js';
import { issueCallLink } from './linkIssuer.js';
import { createPageSignaling, rtcConfig } from './signaling.js';
import { createDemoVideoProcessor } from './videoEffects.js';

type Welcome = Extract<AgentEvent, { type: 'welcome' }>;

export interface DeskLine {
  agentId: string;
  engine: CallEngine;
  desk: AgentDesk;
  adapter: DemoDeskAdapter;
  media: P2PAdapter;
  contacts: { current: { id: string; name: string; number: string }[] };
  dispose(): void;
}

export function createDeskLine(welcome: Welcome, backend: BackendClient<AgentEvent>): DeskLine {
  const { agent } = welcome;
  const contacts: DeskLine['contacts'] = { current: [] };
  let adapter: DemoDeskAdapter | undefined;
  const media = createP2PAdapter({
    signaling: createPageSignaling(),
    self: { id: agent.id, name: agent.name, avatarUrl: new URL(agent.avatarUrl, location.href).href },
    rtcConfig,
    videoProcessor: createDemoVideoProcessor(),
    roomForCall: (request) => adapter!.roomFor(request),
  });
  adapter = createDeskAdapter({ agentId: agent.id, media, backend });
  const desk = createAgentDesk({
    agent: { id: agent.id, name: agent.name, queues: agent.queues },
    fromNumbers: welcome.fromNumbers,
    queues: welcome.queues,
    busyPolicy: 'refuse',
    wrapUp: { durationMs: 30_000, allowTenSeconds: true, allowMoreTime: true, moreTimeMs: 60_000, rating: true },
    transfer: { external: welcome.externalPolicy, noAnswerMs: 30_000 },
    // People (003): the backend's contacts, visitors included, by number.
    lookupContact: async (number) => contacts.current.find((contact) => contact.number === number),
    // 003/004: the demo server signs links; the agent's call screen then waits in the link's room.
    callLinks: {
      waitMs: 10 * 60_000,
      async issue(request) {
        const issued = await issueCallLink(request);
        adapter!.expectLinkRoom({ room: issued.room, token: issued.token });
        return { url: issued.url, linkId: issued.linkId, expiresAt: issued.expiresAt };
      },
    },
  });
  const engine = createCallEngine({ adapter, extension: desk, config: { ringTimeoutMs: 30_000 }, preferences: loadPreferences() });

  const offAll = [
    backend.onEvent((event) => handle(event)),
    reportStatus(engine, backend, agent.id),
    reportEndedCalls(engine, backend, agent.id),
    reportCallbacks(engine, backend, agent.id),
  ];

  function handle(event: AgentEvent): void {
    switch (event.type) {
      case 'directory':
        engine.send({ type: 'directoryUpdated', agents: event.agents.map(({ id, name, queues, presence }) => ({ id, name, queues, presence })) });
        return;
      case 'people':
        contacts.current = event.contacts;
        return;
      case 'offer': {
        adapter!.expectCall(event.callId, { room: event.callId, token: event.token }, event.roomRole);
        const sent = engine.send({
          type: 'offer', callId: event.callId, remote: event.remote, media: event.media, queue: event.queue,
          conversationId: event.conversationId, handoff: event.handoff, ...(event.summary ? { summary: event.summary } : {}),
        });
        // What the caller and the assistant said goes beside the call (002). A refused offer (off duty,
        // busy, in wrap-up) has no card; the desk's refuseOffer effect tells the backend.
        if (sent.ok && event.handoff && event.transcript.length > 0) engine.send({ type: 'handoffUpdated', callId: event.callId, lines: event.transcript });
        return;
      }
      case 'offerGone':
        engine.send({ type: 'remoteEnded', callId: event.callId, reason: event.reason });
        return;
      case 'transferUpdate': {
        const input = event.stage === 'ringing' ? { type: 'transferRinging' as const, callId: event.callId, transferId: event.transferId }
          : event.stage === 'completed' ? { type: 'transferCompleted' as const, callId: event.callId, transferId: event.transferId }
          : { type: 'transferFailed' as const, callId: event.callId, transferId: event.transferId, reason: event.reason ?? 'error' };
        engine.send(input);
        return;
      }
      case 'callbacks':
        engine.send({ type: 'callbacksLoaded', callbacks: event.callbacks });
        return;
      case 'recordings': {
        const known = new Set(engine.getSnapshot().desk?.recordings.map((recording) => recording.id));
        for (const recording of [...event.recordings].reverse()) {
          if (known.has(recording.id)) continue;
          engine.send({ type: 'recordingAvailable', callId: recording.callId, recordingId: recording.id, media: recording.media, durationMs: recording.durationMs, url: recording.url });
        }
        return;
      }
      default:
        return;
    }
  }

  exposeForDebugging(engine, adapter);
  return {
    agentId: agent.id, engine, desk, adapter, media, contacts,
    dispose() {
      for (const off of offAll) off();
      engine.dispose();
    },
  };
}

/** Duty and availability as routing needs them: on every change of `agentAvailability`. */
function reportStatus(engine: CallEngine, backend: BackendClient<AgentEvent>, agentId: string): () => void {
  const subscription = engine.select$((state) => `${state.desk?.agent.onDuty ?? false}|${agentAvailability(state)}`).subscribe((key) => {
    const [onDuty, availability] = key.split('|') as [string, ReturnType<typeof agentAvailability>];
    void backend.command({ type: 'agentStatus', agentId, onDuty: onDuty === 'true', availability });
  });
  return () => subscription.unsubscribe();
}

/** Each ended call once, for the backend's call history and recordings. */
function reportEndedCalls(engine: CallEngine, backend: BackendClient<AgentEvent>, agentId: string): () => void {
  const reported = new Set<string>();
  const subscription = engine.select$((state) => state.history).subscribe((history: HistoryEntry[]) => {
    for (const entry of history) {
      if (reported.has(entry.id)) continue;
      reported.add(entry.id);
      void backend.command({ type: 'callEnded', agentId, callId: entry.id, reason: entry.endReason, durationMs: Math.round(entry.durationMs), media: entry.media });
    }
  });
  return () => subscription.unsubscribe();
}

/** The desk's callback status notices (core runs each callback), so the backend's shared list follows. */
function reportCallbacks(engine: CallEngine, backend: BackendClient<AgentEvent>, agentId: string): () => void {
  return engine.on('desk', (effect) => {
    if (effect.action !== 'notify' || effect.notice.type !== 'callbackStatus') return;
    const { callbackId, status, assignee, attempts } = effect.notice;
    void backend.command({ type: 'callbackStatus', agentId, callbackId, status, assignee, attempts });
  });
}
