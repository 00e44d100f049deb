// 002: the conversation beside the call: what the caller said to the
// assistant before the hand-off, then the conversation's own timeline.
import { conversation, type EngineState } from '@ringline/core';
import { useSelector } from '@ringline/react';
import { useHandoffHistory } from '@ringline/react/desk';
import { useCallback } from 'react';
import { clockTime } from '../shared/ui/labels.js';

const eventText: Record<string, string> = {
  callOffered: 'Call offered', offerRefused: 'Offer refused', callAnswered: 'Answered', callPlaced: 'Call placed', callMissed: 'Missed',
  callOnHold: 'Put on hold', callResumed: 'Resumed', transferStarted: 'Transfer started', transferRinging: 'Transfer ringing', transferred: 'Transferred',
  transferFailed: 'Transfer failed', recordingStopped: 'Recording stopped', recordingAvailable: 'Recording available', callEnded: 'Call ended',
  wrapUpStarted: 'Wrap-up started', wrapUpExtended: 'Wrap-up extended', wrapUpEnded: 'Wrap-up ended', message: 'Message', statusChanged: 'Status changed',
  aiTranscript: 'Assistant transcript attached', conversationStarted: 'Conversation started', callLinkCreated: 'Call link created', callLinkFailed: 'Call link failed',
};

export function ConversationPanel({ conversationId }: { conversationId: string | undefined }) {
  const lines = useHandoffHistory(conversationId);
  const current = useSelector(useCallback((state: EngineState) => conversation(state, conversationId), [conversationId]));
  if (!conversationId) {
    return (
      <section className="card conversation" aria-label="Conversation">
        <h3>Conversation</h3>
        <p className="muted">The caller's conversation shows here during a call.</p>
      </section>
    );
  }
  return (
    <section className="card conversation" aria-label="Conversation" data-testid="conversation">
      <h3>Conversation {current?.status ? <span className={`pill pill--${current.status}`}>{current.status}</span> : null}</h3>
      {lines.length > 0 && (
        <ol className="transcript" data-testid="handoff-transcript">
          {lines.map((line, index) => (
            <li key={index} className={`transcript__line transcript__line--${line.speaker}`}>
              <span className="transcript__who">{line.speaker === 'ai' ? 'Assistant' : 'Caller'} · {clockTime(line.at)}</span>
              {line.text}
            </li>
          ))}
        </ol>
      )}
      <ol className="timeline">
        {(current?.timeline ?? []).slice(-12).map((event, index) => (
          <li key={index}><span className="muted">{clockTime(event.at)}</span> {eventText[event.kind] ?? event.kind}{event.detail ? ` — ${event.detail}` : ''}</li>
        ))}
      </ol>
    </section>
  );
}
