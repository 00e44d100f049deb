// The agent's call panel (002, 003): who, queue, status and duration, and
// the controls that apply right now (003: dynamic), with Ctrl+M / Ctrl+V /
// Ctrl+S. Hold shows the held time; video calls show both cameras.
import type { P2PAdapter } from '@ringline/adapter-p2p';
import { type Call, callLayout, callStatus, deskCall, type EngineState } from '@ringline/core';
import { formatSeconds, useCallControls, useCallDuration, useElapsed, useSelector } from '@ringline/react';
import { useCallShortcuts, useDesk, useHold } from '@ringline/react/desk';
import { useCallback, useEffect, useState } from 'react';
import { Avatar } from '../shared/ui/Avatar.js';
import { ControlButton } from '../shared/ui/ControlButton.js';
import { DeviceSettings } from '../shared/ui/DeviceSettings.js';
import { DialPad } from '../shared/ui/DialPad.js';
import { statusLabel } from '../shared/ui/labels.js';
import { MediaView } from '../shared/ui/MediaView.js';
import { DiagnosticsButton } from './DiagnosticsButton.js';
import { LinkCallStatus } from './LinkCallStatus.js';
import { TransferPanel } from './TransferPanel.js';

export function CallPanel({ call, media }: { call: Call; media: P2PAdapter }) {
  const { controls, toggleMute, toggleCamera, toggleScreenShare, hangUp, sendDtmf } = useCallControls(call.id);
  const hold = useHold(call.id);
  const seconds = useCallDuration(call.id);
  const heldFor = useElapsed(hold.since);
  const info = useSelector(useCallback((state: EngineState) => deskCall(state, call.id), [call.id]));
  const queues = useDesk().config.queues;
  const queueName = info?.queue ? queues[info.queue]?.name ?? info.queue : undefined;
  const [panel, setPanel] = useState<'none' | 'dialpad' | 'transfer' | 'settings'>('none');
  const received = useReceivedDigits(media, call.id);
  useCallShortcuts();
  const layout = callLayout(call);
  const video = call.media === 'video';
  const remoteVisible = layout.primary === 'remoteCamera' || layout.primary === 'remoteScreen';
  const localVisible = call.local.camera === 'on' || call.local.screenShare === 'on';
  const toggle = (which: typeof panel) => setPanel((open) => (open === which ? 'none' : which));
  const waitingForVisitor = call.phase === 'connecting' || call.phase === 'calling';
  const name = call.remote.name ?? info?.contact.name ?? call.remote.number ?? 'Caller';
  return (
    <section className="card call-panel" aria-label="Call">
      <div className="call-panel__head">
        <Avatar name={name} url={call.remote.avatarUrl} size={56} />
        <div className="call-panel__who">
          <h2>{name}</h2>
          <p className="muted">{call.remote.number ?? info?.contact.number}{queueName ? ` · ${queueName}` : ''}{info?.kind === 'handoff' ? ' · from the assistant' : ''}</p>
        </div>
        <div className="call-panel__state">
          <span className={`pill pill--call-${callStatus(call)}`}><span data-testid="call-status">{statusLabel[callStatus(call)]}</span></span>
          <span className="call-panel__timer" data-testid="call-duration">{seconds === undefined ? '–:––' : formatSeconds(seconds)}</span>
        </div>
      </div>
      {info?.kind === 'link' && <LinkCallStatus callId={call.id} name={name} />}
      {waitingForVisitor && info?.kind !== 'link' && <p className="notice notice--warn">Waiting for {name} to accept{info?.kind === 'handoff' ? ' (they see that a person is joining)' : ''}…</p>}
      {hold.hold?.status === 'on' && <p className="notice notice--warn">On hold for {formatSeconds(heldFor ?? 0)} — the caller hears the queue's hold music.</p>}
      {call.lastError && <p className="notice notice--error" role="alert">{call.lastError.message}</p>}
      {video && (
        <div className="stage" data-testid="primary-view" data-source={layout.primary}>
          <MediaView adapter={media} callId={call.id} side="remote" testId="remote-video" hidden={!remoteVisible} />
          {!remoteVisible && <div className="stage__avatar"><Avatar name={name} size={96} /></div>}
          <div className="stage__self" hidden={!localVisible}>
            <MediaView adapter={media} callId={call.id} side="local" testId="local-video" mirrored={call.local.screenShare !== 'on'} />
          </div>
        </div>
      )}
      {!video && <div data-testid="primary-view" data-source={layout.primary} hidden />}
      <div className="controls" role="toolbar" aria-label="Call controls">
        {controls.mute.visible && (
          <ControlButton testId="mute" icon={controls.mute.active ? 'micOff' : 'mic'} pressed={controls.mute.active} disabled={!controls.mute.enabled} onClick={toggleMute} title="Ctrl+M">
            {controls.mute.active ? 'Unmute' : 'Mute'}
          </ControlButton>
        )}
        {controls.hold.visible && (controls.hold.active ? (
          <ControlButton testId="resume" icon="play" active disabled={!controls.hold.enabled || hold.hold?.status !== 'on'} onClick={hold.resume}>
            {hold.hold?.status === 'resuming' ? 'Resuming…' : 'Resume'}
          </ControlButton>
        ) : (
          <ControlButton testId="hold" icon="pause" disabled={!controls.hold.enabled || hold.hold?.status !== 'off'} onClick={hold.putOnHold}>
            {hold.hold?.status === 'holding' ? 'Holding…' : 'Hold'}
          </ControlButton>
        ))}
        {video && controls.camera.visible && (
          <ControlButton testId="camera" icon="video" pressed={controls.camera.active} disabled={!controls.camera.enabled} onClick={toggleCamera} title="Ctrl+V">
            {controls.camera.active ? 'Camera off' : 'Camera on'}
          </ControlButton>
        )}
        {video && controls.screenShare.visible && (
          <ControlButton testId="screen-share" icon="screen" pressed={controls.screenShare.active} disabled={!controls.screenShare.enabled} onClick={toggleScreenShare} title="Ctrl+S">
            {controls.screenShare.active ? 'Stop sharing' : 'Share screen'}
          </ControlButton>
        )}
        {controls.transfer.visible && (
          <ControlButton testId="transfer-toggle" icon="transfer" expanded={panel === 'transfer'} disabled={!controls.transfer.enabled && panel !== 'transfer'} onClick={() => toggle('transfer')}>
            Transfer
          </ControlButton>
        )}
        {controls.dialPad.visible && (
          <ControlButton testId="dialpad-toggle" icon="dialpad" expanded={panel === 'dialpad'} onClick={() => toggle('dialpad')}>Dial pad</ControlButton>
        )}
        {controls.settings.visible && (
          <ControlButton testId="settings-toggle" icon="settings" expanded={panel === 'settings'} onClick={() => toggle('settings')}>Settings</ControlButton>
        )}
        {controls.hangUp.visible && (
          <ControlButton testId="hang-up" icon="hangUp" hangUp disabled={!controls.hangUp.enabled} onClick={hangUp}>End call</ControlButton>
        )}
      </div>
      {panel === 'transfer' && <TransferPanel callId={call.id} />}
      {panel === 'dialpad' && <DialPad sent={call.dtmf.map((entry) => entry.digits).join('')} disabled={!controls.dialPad.enabled} onDigit={(digit) => sendDtmf(digit)} />}
      {panel === 'settings' && <DeviceSettings video={video} />}
      <p className="dtmf-log">Keys pressed by the caller: <span data-testid="dtmf-log">{received}</span></p>
      <p className="hint">Shortcuts: Ctrl+M mute · Ctrl+V camera · Ctrl+S share screen</p>
      <DiagnosticsButton callId={call.id} />
    </section>
  );
}

/** Digits the far side sent on this call (the visitor's dial pad), as the adapter reports them. */
function useReceivedDigits(media: P2PAdapter, callId: string): string {
  const [digits, setDigits] = useState('');
  useEffect(() => {
    setDigits('');
    const subscription = media.dtmf$.subscribe((event) => {
      if (event.callId === callId) setDigits((before) => before + event.digits);
    });
    return () => subscription.unsubscribe();
  }, [media, callId]);
  return digits;
}
