import { Icon } from '../shared/ui/Icon.js';

// The widget's home: start an audio or a video call. The assistant answers
// first; a person can be asked for at any time.
export interface LauncherProps {
  onCall(media: 'audio' | 'video'): void;
  busy: boolean;
}

export function Launcher({ onCall, busy }: LauncherProps) {
  return (
    <div className="screen screen--launcher">
      <div className="launcher__hero">
        <h2>Talk to us</h2>
        <p>Our assistant answers right away and passes you to a person whenever you ask.</p>
      </div>
      <div className="launcher__actions">
        <button type="button" className="button button--primary button--large" data-testid="call-audio" disabled={busy} onClick={() => onCall('audio')}>
          <Icon name="phone" /> Audio call
        </button>
        <button type="button" className="button button--secondary button--large" data-testid="call-video" disabled={busy} onClick={() => onCall('video')}>
          <Icon name="video" /> Video call
        </button>
      </div>
      <p className="hint">Your browser will ask for the microphone (and camera for video) when a person joins.</p>
    </div>
  );
}
