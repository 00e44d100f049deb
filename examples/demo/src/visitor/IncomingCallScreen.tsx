// 000's incoming call screen: who is calling (avatar, name), audio or video,
// the countdown before it is dismissed on its own, Accept and Decline.
import type { Call } from '@ringline/core';
import { useCountdown } from '@ringline/react';
import { Avatar } from '../shared/ui/Avatar.js';
import { Icon } from '../shared/ui/Icon.js';

export interface IncomingCallScreenProps {
  call: Call;
  onAccept(): void;
  onDecline(): void;
}

export function IncomingCallScreen({ call, onAccept, onDecline }: IncomingCallScreenProps) {
  const seconds = useCountdown(call.ringDeadline);
  const name = call.remote.name ?? 'An agent';
  return (
    <div className="screen screen--incoming" data-testid="incoming-call">
      <span className={`media-badge media-badge--${call.media}`}><Icon name={call.media === 'video' ? 'video' : 'phone'} size={14} /> {call.media === 'video' ? 'Video call' : 'Audio call'}</span>
      <Avatar name={call.remote.name} url={call.remote.avatarUrl} size={112} ringing />
      <h2 className="incoming__name">{name}</h2>
      <p className="muted">is calling you</p>
      <p className="countdown" aria-live="off">Dismissed in <strong data-testid="incoming-countdown">{seconds ?? 0}</strong> s</p>
      <div className="answer-row">
        <button type="button" className="round-button round-button--decline" data-testid="decline" onClick={onDecline} aria-label="Decline"><Icon name="close" size={28} /></button>
        <button type="button" className="round-button round-button--accept" data-testid="accept" onClick={onAccept} aria-label="Accept"><Icon name="check" size={28} /></button>
      </div>
    </div>
  );
}
