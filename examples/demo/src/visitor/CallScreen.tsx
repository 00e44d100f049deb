// 001's call screen: the agent's avatar and name, the status (ringing,
// connected, on hold…), the duration, and the controls the call allows:
// mute, settings, dial pad, camera and screen share on video, end call.
import { type Call, callLayout, callStatus } from '@ringline/core';
import { formatSeconds, useCallControls, useCallDuration } from '@ringline/react';
import { useState } from 'react';
import { Avatar } from '../shared/ui/Avatar.js';
import { ControlButton } from '../shared/ui/ControlButton.js';
import { DeviceSettings } from '../shared/ui/DeviceSettings.js';
import { DialPad } from '../shared/ui/DialPad.js';
import { statusLabel } from '../shared/ui/labels.js';
import { MediaView } from '../shared/ui/MediaView.js';
import type { P2PAdapter } from '@ringline/adapter-p2p';

export function CallScreen({ call, adapter }: { call: Call; adapter: Pick<P2PAdapter, 'streams$' | 'getStreams'> }) {
  const { controls, toggleMute, toggleCamera, toggleScreenShare, hangUp, sendDtmf } = useCallControls(call.id);
  const seconds = useCallDuration(call.id);
  const [panel, setPanel] = useState<'none' | 'dialpad' | 'settings'>('none');
  const layout = callLayout(call);
  // 001's "on hold": the agent's hold reaches the visitor's engine over the call itself.
  const status = callStatus(call);
  const video = call.media === 'video';
  const remoteVisible = layout.primary === 'remoteCamera' || layout.primary === 'remoteScreen';
  const localVisible = call.local.camera === 'on' || call.local.screenShare === 'on';
  const sent = call.dtmf.map((entry) => entry.digits).join('');
  const toggle = (which: 'dialpad' | 'settings') => setPanel((open) => (open === which ? 'none' : which));
  return (
    <div className={`screen screen--call${video ? ' screen--video' : ''}`}>
      <div className={`stage${video ? '' : ' stage--audio'}`} data-testid="primary-view" data-source={layout.primary}>
        {video && <MediaView adapter={adapter} callId={call.id} side="remote" testId="remote-video" hidden={!remoteVisible} />}
        {!remoteVisible && (
          <div className="stage__avatar">
            <Avatar name={call.remote.name} url={call.remote.avatarUrl} size={104} />
          </div>
        )}
        {video && (
          <div className="stage__self" hidden={!localVisible}>
            <MediaView adapter={adapter} callId={call.id} side="local" testId="local-video" mirrored={call.local.screenShare !== 'on'} />
          </div>
        )}
      </div>
      <div className="call__who">
        <h2>{call.remote.name ?? 'Agent'}</h2>
        <p className="call__status">
          <span className={`status-dot status-dot--${status}`} aria-hidden="true" />
          <span data-testid="call-status">{statusLabel[status]}</span>
          {seconds !== undefined && <span className="call__duration" data-testid="call-duration">{formatSeconds(seconds)}</span>}
        </p>
        {status === 'onHold' && <p className="muted">{call.remote.name ?? 'The agent'} put you on hold; you may hear music.</p>}
        {call.remoteMedia.muted && <p className="muted">{call.remote.name ?? 'The agent'} is muted</p>}
        {call.remoteMedia.presence === 'left' && <p className="notice notice--warn" data-testid="remote-left">{call.remote.name ?? 'The agent'} left the call. They may come back; hang up when you are done.</p>}
        {call.lastError && <p className="notice notice--error" role="alert">{call.lastError.message}</p>}
      </div>
      {panel === 'dialpad' && <DialPad sent={sent} disabled={!controls.dialPad.enabled} onDigit={(digit) => sendDtmf(digit)} />}
      {panel === 'settings' && <DeviceSettings video={video} />}
      <div className="controls" role="toolbar" aria-label="Call controls">
        {controls.mute.visible && (
          <ControlButton testId="mute" icon={controls.mute.active ? 'micOff' : 'mic'} pressed={controls.mute.active} disabled={!controls.mute.enabled} onClick={toggleMute}>
            {controls.mute.active ? 'Unmute' : 'Mute'}
          </ControlButton>
        )}
        {video && controls.camera.visible && (
          <ControlButton testId="camera" icon="video" pressed={controls.camera.active} disabled={!controls.camera.enabled} onClick={toggleCamera}>
            {controls.camera.active ? 'Camera off' : 'Camera on'}
          </ControlButton>
        )}
        {video && controls.screenShare.visible && (
          <ControlButton testId="screen-share" icon="screen" pressed={controls.screenShare.active} disabled={!controls.screenShare.enabled} onClick={toggleScreenShare}>
            {controls.screenShare.active ? 'Stop sharing' : 'Share screen'}
          </ControlButton>
        )}
        {controls.dialPad.visible && (
          <ControlButton testId="dialpad-toggle" icon="dialpad" expanded={panel === 'dialpad'} onClick={() => toggle('dialpad')}>Dial pad</ControlButton>
        )}
        {controls.settings.visible && (
          <ControlButton testId="settings-toggle" icon="settings" expanded={panel === 'settings'} onClick={() => toggle('settings')}>Settings</ControlButton>
        )}
        {controls.hangUp.visible && (
          <ControlButton testId="hang-up" icon="hangUp" hangUp disabled={!controls.hangUp.enabled} onClick={hangUp}>End</ControlButton>
        )}
      </div>
    </div>
  );
}
