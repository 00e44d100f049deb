// 000's missed-call screen: who called, and Recall to call them back when it suits.
import type { MissedCall } from '@ringline/core';
import { Avatar } from '../shared/ui/Avatar.js';
import { clockTime } from '../shared/ui/labels.js';

export interface MissedCallScreenProps {
  missed: MissedCall;
  onRecall(): void;
  onDismiss(): void;
  error?: string | undefined;
}

export function MissedCallScreen({ missed, onRecall, onDismiss, error }: MissedCallScreenProps) {
  const name = missed.remote.name ?? 'An agent';
  return (
    <div className="screen screen--missed" data-testid="missed-call">
      <Avatar name={missed.remote.name} url={missed.remote.avatarUrl} size={96} />
      <h2>You missed a call</h2>
      <p className="muted">{name} tried to reach you at {clockTime(missed.at)} ({missed.media}).</p>
      {error && <p className="notice notice--error" role="alert">{error}</p>}
      <div className="stack">
        <button type="button" className="button button--primary button--large" data-testid="recall" onClick={onRecall}>Recall {name.split(' ')[0]}</button>
        <button type="button" className="button button--ghost" data-testid="dismiss-missed" onClick={onDismiss}>Not now</button>
      </div>
    </div>
  );
}
