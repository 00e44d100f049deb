// Local microphone, camera and screen share, and what the far side shows.
// Camera and screen share go through `starting` because turning them on asks
// the browser (permission prompt, screen picker) and may be refused (004).
import type { EngineConfig } from '../config.js';
import type { AdapterEvent, CommandInput, Effect } from '../events.js';
import type { Call, EngineState, ErrorInfo } from '../model.js';
import { findCall, reject, timeline, unchanged, unknownCall, withCall, wrongPhase, type Transition } from './transition.js';

type At<T> = T & { at: number };

/** Media controls apply from dialling/answering until the call ends. */
function mediaCall(state: EngineState, callId: string, action: string): Call | Transition {
  const call = findCall(state, callId);
  if (!call) return unknownCall(state, callId);
  if (call.phase === 'ringing') return wrongPhase(state, call, action);
  return call;
}

function isTransition(value: Call | Transition): value is Transition {
  return 'effects' in value;
}

function sharingNotice(type: 'screenShareStarted' | 'screenShareStopped', call: Call, at: number): Effect {
  return { type: 'notify', notice: { type, callId: call.id, at, direction: call.direction, media: call.media } };
}

export function setMuted(state: EngineState, event: At<Extract<CommandInput, { type: 'setMuted' }>>): Transition {
  const call = mediaCall(state, event.callId, 'mute');
  if (isTransition(call)) return call;
  const muted = event.muted === true;
  if (call.local.muted === muted) return unchanged(state);
  return {
    state: withCall(state, { ...call, local: { ...call.local, muted } }),
    effects: [
      { type: 'adapter', command: { name: 'setMuted', callId: call.id, muted } },
      timeline(event.at, call.id, muted ? 'muted' : 'unmuted'),
    ],
  };
}

export function setCamera(state: EngineState, event: At<Extract<CommandInput, { type: 'setCamera' }>>, config: EngineConfig): Transition {
  const call = mediaCall(state, event.callId, 'turn the camera on or off for');
  if (isTransition(call)) return call;
  if (!config.capabilities.video) return reject(state, 'unsupported', 'This adapter has no video', call.id);
  const on = event.on === true;
  if (on === (call.local.camera !== 'off')) return unchanged(state);
  const camera = on ? 'starting' : 'off';
  const effects: Effect[] = [{ type: 'adapter', command: { name: 'setCamera', callId: call.id, on } }];
  if (!on) effects.push(timeline(event.at, call.id, 'cameraOff'));
  return { state: withCall(state, { ...call, local: { ...call.local, camera } }), effects };
}

export function startScreenShare(state: EngineState, event: At<Extract<CommandInput, { type: 'startScreenShare' }>>, config: EngineConfig): Transition {
  const call = mediaCall(state, event.callId, 'share the screen of');
  if (isTransition(call)) return call;
  if (!config.capabilities.screenShare) return reject(state, 'unsupported', 'This adapter cannot share screens', call.id);
  if (call.local.screenShare !== 'off') return unchanged(state);
  return {
    state: withCall(state, { ...call, local: { ...call.local, screenShare: 'starting' } }),
    effects: [{ type: 'adapter', command: { name: 'startScreenShare', callId: call.id } }],
  };
}

/** The stop button in our UI and the browser's own "Stop sharing" end sharing the same way (004). */
export function stopScreenShare(
  state: EngineState,
  event: At<Extract<CommandInput, { type: 'stopScreenShare' }> | Extract<AdapterEvent, { type: 'localScreenShareEnded' }>>,
): Transition {
  const call = findCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.local.screenShare === 'off') return unchanged(state);
  const effects: Effect[] = [{ type: 'adapter', command: { name: 'stopScreenShare', callId: call.id } }];
  if (call.local.screenShare === 'on') {
    effects.push(timeline(event.at, call.id, 'screenShareStopped', event.type === 'localScreenShareEnded' ? 'browser' : undefined));
    effects.push(sharingNotice('screenShareStopped', call, event.at));
  }
  return { state: withCall(state, { ...call, local: { ...call.local, screenShare: 'off' } }), effects };
}

export function muteSettled(state: EngineState, call: Call, muted: boolean, error?: ErrorInfo): Transition {
  if (!error || call.local.muted !== muted) return unchanged(state);
  const lastError: ErrorInfo = { ...error, callId: call.id };
  return {
    state: withCall(state, { ...call, local: { ...call.local, muted: !muted }, lastError }),
    effects: [{ type: 'error', error: lastError }],
  };
}

export function cameraSettled(state: EngineState, call: Call, on: boolean, at: number, error?: ErrorInfo): Transition {
  if (!on) return unchanged(state);
  if (call.local.camera === 'off') {
    // Turned off while the camera was starting: release what the adapter just opened.
    return error ? unchanged(state) : { state, effects: [{ type: 'adapter', command: { name: 'setCamera', callId: call.id, on: false } }] };
  }
  if (call.local.camera !== 'starting') return unchanged(state);
  if (error) {
    const lastError: ErrorInfo = { ...error, device: error.device ?? 'camera', callId: call.id };
    return {
      state: withCall(state, { ...call, local: { ...call.local, camera: 'off' }, lastError }),
      effects: [{ type: 'error', error: lastError }],
    };
  }
  return { state: withCall(state, { ...call, local: { ...call.local, camera: 'on' } }), effects: [timeline(at, call.id, 'cameraOn')] };
}

export function screenShareSettled(state: EngineState, call: Call, at: number, error?: ErrorInfo): Transition {
  if (call.local.screenShare === 'off') {
    return error ? unchanged(state) : { state, effects: [{ type: 'adapter', command: { name: 'stopScreenShare', callId: call.id } }] };
  }
  if (call.local.screenShare !== 'starting') return unchanged(state);
  if (error) {
    const lastError: ErrorInfo = { ...error, device: error.device ?? 'screen', callId: call.id };
    return {
      state: withCall(state, { ...call, local: { ...call.local, screenShare: 'off' }, lastError }),
      effects: [{ type: 'error', error: lastError }],
    };
  }
  return {
    state: withCall(state, { ...call, local: { ...call.local, screenShare: 'on' } }),
    effects: [timeline(at, call.id, 'screenShareStarted'), sharingNotice('screenShareStarted', call, at)],
  };
}

export function remoteMedia(state: EngineState, event: At<Extract<AdapterEvent, { type: 'remoteMedia' }>>): Transition {
  const call = mediaCall(state, event.callId, 'update remote media of');
  if (isTransition(call)) return call;
  const before = call.remoteMedia;
  const after = {
    ...before,
    camera: event.camera ?? before.camera,
    screenShare: event.screenShare ?? before.screenShare,
    muted: event.muted ?? before.muted,
  };
  if (after.camera === before.camera && after.screenShare === before.screenShare && after.muted === before.muted) return unchanged(state);
  const effects: Effect[] = [];
  if (after.screenShare !== before.screenShare) {
    effects.push(timeline(event.at, call.id, after.screenShare ? 'remoteScreenShareStarted' : 'remoteScreenShareStopped'));
  }
  return { state: withCall(state, { ...call, remoteMedia: after }), effects };
}
