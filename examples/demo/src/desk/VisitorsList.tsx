// Visitors on the site now, by the number People knows them by: the agent
// can call one (003 "Make a call"), which rings the visitor's widget (000).
// The pre-existing-conversation rule decides between a new conversation, a
// follow-up call, and "another agent has this customer".
import { type EngineState, outboundDecision } from '@ringline/core';
import { useEngine } from '@ringline/react';
import { useDesk } from '@ringline/react/desk';
import { useState } from 'react';
import type { VisitorCard } from '../shared/backendClient.js';
import { Icon } from '../shared/ui/Icon.js';

const activityText: Record<VisitorCard['activity'], string> = { browsing: 'Browsing', assistant: 'With the assistant', waitingForPerson: 'Waiting for a person', inCall: 'In a call' };

export function VisitorsList({ visitors }: { visitors: VisitorCard[] }) {
  const engine = useEngine();
  const desk = useDesk();
  const [problem, setProblem] = useState<string>();
  const from = desk.config.fromNumbers[0] ?? '';
  const queue = desk.config.agent.queues[0] ?? '';
  const call = (visitor: VisitorCard, media: 'audio' | 'video') => {
    const state: EngineState = engine.getSnapshot();
    const decision = outboundDecision(state, visitor.number);
    const result = decision.kind === 'continue'
      ? engine.send({ type: 'followUpCall', conversationId: decision.conversation.id, from, media })
      : engine.send({ type: 'startOutbound', from, to: { id: visitor.id, name: visitor.name, number: visitor.number }, queue, media });
    setProblem(result.ok ? undefined : result.error.message);
  };
  return (
    <section className="card visitors" aria-label="Visitors on the site">
      <h3>Visitors on the site</h3>
      {problem && <p className="notice notice--error" role="alert">{problem}</p>}
      {visitors.length === 0 && <p className="muted">Open the visitor widget in another tab to see a visitor here.</p>}
      <ul className="list">
        {visitors.map((visitor) => (
          <li key={visitor.id} className="list__row" data-testid={`visitor-${visitor.id}`}>
            <span>
              <strong>{visitor.name}</strong><br />
              <span className="muted small">{visitor.number} · {activityText[visitor.activity]}</span>
            </span>
            <span className="list__actions">
              <button type="button" className="button button--secondary button--small" data-testid={`call-visitor-audio-${visitor.id}`} onClick={() => call(visitor, 'audio')} title="Audio call" aria-label="Audio call"><Icon name="phone" size={16} /></button>
              <button type="button" className="button button--secondary button--small" data-testid={`call-visitor-video-${visitor.id}`} onClick={() => call(visitor, 'video')} title="Video call" aria-label="Video call"><Icon name="video" size={16} /></button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
