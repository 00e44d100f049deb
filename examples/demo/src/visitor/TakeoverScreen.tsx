// 000's AI-to-human transition on the visitor's call with the assistant:
// a person is joining, with their name and avatar; Accept or Decline like any
// incoming call, before the countdown runs out (core's `call.takeover`).
// Declining keeps the call with the assistant.
import type { Call } from '@ringline/core';
import { useCountdown } from '@ringline/react';
import { Avatar } from '../shared/ui/Avatar.js';
import { Icon } from '../shared/ui/Icon.js';

export interface TakeoverScreenProps {
  call: Call;
  onAccept(): void;
  onDecline(): void;
}

export function TakeoverScreen({ call, onAccept, onDecline }: TakeoverScreenProps) {
  const takeover = call.takeover!;
  const seconds = useCountdown(takeover.deadline);
  const name = takeover.agent.name ?? 'A person';
  const accepting = takeover.status === 'accepting';
  return (
    <div className="screen screen--takeover" data-testid="takeover">
      <div className="takeover__from">
        <span className="assistant__badge" aria-hidden="true">AI</span>
        <span className="takeover__arrow" aria-hidden="true">→</span>
        <Avatar name={takeover.agent.name} url={takeover.agent.avatarUrl} size={96} ringing={!accepting} />
      </div>
      <p className="eyebrow">A person is joining</p>
      <h2 className="incoming__name">{name}</h2>
      <p className="muted">
        {name.split(' ')[0]} has the assistant's notes, so you will not need to repeat yourself. {call.media === 'video' ? 'Video call.' : 'Audio call.'}
      </p>
      {accepting ? (
        <p className="connecting-dots" aria-live="polite">Connecting<span>.</span><span>.</span><span>.</span></p>
      ) : (
        <>
          <p className="countdown">Answer within <strong data-testid="incoming-countdown">{seconds ?? 0}</strong> s</p>
          <div className="answer-row">
            <button type="button" className="round-button round-button--decline" data-testid="takeover-decline" onClick={onDecline} aria-label="Decline, stay with the assistant">
              <Icon name="close" size={28} />
            </button>
            <button type="button" className="round-button round-button--accept" data-testid="takeover-accept" onClick={onAccept} aria-label="Accept">
              <Icon name="check" size={28} />
            </button>
          </div>
        </>
      )}
    </div>
  );
}
