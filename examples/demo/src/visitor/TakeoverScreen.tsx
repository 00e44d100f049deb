// 000's AI-to-human transition: first "a person is joining" with their name
// and avatar, then, once their call rings, Accept or Decline like any
// incoming call, with its countdown.
import type { Call } from '@ringline/core';
import { useCountdown } from '@ringline/react';
import { Avatar } from '../shared/ui/Avatar.js';
import { Icon } from '../shared/ui/Icon.js';
import type { Joining } from './useAssistant.js';

export interface TakeoverScreenProps {
  joining: Joining;
  /** The agent's call, once it rings. */
  call: Call | undefined;
  onAccept(): void;
  onDecline(): void;
}

export function TakeoverScreen({ joining, call, onAccept, onDecline }: TakeoverScreenProps) {
  const seconds = useCountdown(call?.ringDeadline);
  return (
    <div className="screen screen--takeover" data-testid="takeover">
      <div className="takeover__from">
        <span className="assistant__badge" aria-hidden="true">AI</span>
        <span className="takeover__arrow" aria-hidden="true">→</span>
        <Avatar name={joining.agent.name} url={joining.agent.avatarUrl} size={96} ringing={call !== undefined} />
      </div>
      <p className="eyebrow">A person is joining</p>
      <h2 className="incoming__name">{joining.agent.name}</h2>
      <p className="muted">
        {joining.agent.name.split(' ')[0]} has the assistant's notes, so you will not need to repeat yourself.
        {' '}{joining.media === 'video' ? 'Video call.' : 'Audio call.'}
      </p>
      {call ? (
        <>
          <p className="countdown">Answer within <strong data-testid="incoming-countdown">{seconds ?? 0}</strong> s</p>
          <div className="answer-row">
            <button type="button" className="round-button round-button--decline" data-testid="takeover-decline" onClick={onDecline} aria-label="Decline"><Icon name="close" size={28} /></button>
            <button type="button" className="round-button round-button--accept" data-testid="takeover-accept" onClick={onAccept} aria-label="Accept"><Icon name="check" size={28} /></button>
          </div>
        </>
      ) : (
        <p className="connecting-dots" aria-live="polite">Connecting<span>.</span><span>.</span><span>.</span></p>
      )}
    </div>
  );
}
