// Local microphone, camera and screen share, and what the far side shows.
// Camera and screen share go through `starting` because turning them on asks
// the browser (permission prompt, screen picker) and may be refused (004).
import type { EngineConfig } from '../config.js';
import type { AdapterCommand, AdapterEvent, CommandInput, Effect } from '../events.js';
import type { Call, EngineState, ErrorInfo, LocalMedia } from '../model.js';
import { getCall } from '../selectors.js';
import { reject, timeline, unchanged, unknownCall, changedCall, withCall, wrongPhase, type Transition } from './transition.js';

type At<T> = T & { at: number };

/** Media controls apply from dialling/answering until the call ends. */
function mediaCall(state: EngineState, callId: string, action: string): Call | Transition {
  const call = getCall(state, callId);
  if (!call) return unknownCall(state, callId);
  if (call.phase === 'ringing') return wrongPhase(state, call, action);
  return call;
}

/** 001's phone forwarding makes the call a phone call, and a phone call has no video (003). */
function forwarded(state: EngineState, call: Call): Transition {
  return reject(state, 'unsupported', 'A call forwarded to a phone has no camera or screen share', call.id);
}

function isTransition(value: Call | Transition): value is Transition {
  return 'effects' in value;
}

/**
 * Local media with some fields changed. Built as a literal, not spread: a
 * call starts with frozen values shared by every call, and spreading a frozen
 * object misses V8's fast clone path (it was a sixth of engine time).
 */
export function changedLocal(local: LocalMedia, changes: Partial<LocalMedia>): LocalMedia {
  return {
    muted: changes.muted ?? local.muted,
    camera: changes.camera ?? local.camera,
    screenShare: changes.screenShare ?? local.screenShare,
    cameraRequest: changes.cameraRequest ?? local.cameraRequest,
    screenShareRequest: changes.screenShareRequest ?? local.screenShareRequest,
    muteRequest: changes.muteRequest ?? local.muteRequest,
  };
}

function withLocal(call: Call, changes: Partial<LocalMedia>): Call {
  return changedCall(call, { local: changedLocal(call.local, changes) });
}

function sharingNotice(type: 'screenShareStarted' | 'screenShareStopped', call: Call, at: number): Effect {
  return { type: 'notify', notice: { type, callId: call.id, at, direction: call.direction, media: call.media } };
}

export function setMuted(state: EngineState, event: At<Extract<CommandInput, { type: 'setMuted' }>>): Transition {
  const call = mediaCall(state, event.callId, 'mute');
  if (isTransition(call)) return call;
  if (typeof event.muted !== 'boolean') return reject(state, 'invalidInput', `setMuted needs muted: true or false, got ${JSON.stringify(event.muted)}`, call.id);
  const muted = event.muted;
  if (call.local.muted === muted) return unchanged(state);
  // `?? 0`: a snapshot persisted before mute requests were numbered.
  const request = (call.local.muteRequest ?? 0) + 1;
  return {
    state: withCall(state, withLocal(call, { muted, muteRequest: request })),
    effects: [
      { type: 'adapter', command: { name: 'setMuted', callId: call.id, muted, request } },
      timeline(event.at, call.id, muted ? 'muted' : 'unmuted'),
    ],
  };
}

export function setCamera(state: EngineState, event: At<Extract<CommandInput, { type: 'setCamera' }>>, config: EngineConfig): Transition {
  const call = mediaCall(state, event.callId, 'turn the camera on or off for');
  if (isTransition(call)) return call;
  if (!config.capabilities.video) return reject(state, 'unsupported', 'This adapter has no video', call.id);
  if (call.forwarding) return forwarded(state, call);
  if (typeof event.on !== 'boolean') return reject(state, 'invalidInput', `setCamera needs on: true or false, got ${JSON.stringify(event.on)}`, call.id);
  const on = event.on;
  if (on === (call.local.camera !== 'off')) return unchanged(state);
  if (!on) {
    return {
      state: withCall(state, withLocal(call, { camera: 'off' })),
      effects: [
        { type: 'adapter', command: { name: 'setCamera', callId: call.id, on: false, request: call.local.cameraRequest } },
        timeline(event.at, call.id, 'cameraOff'),
      ],
    };
  }
  const request = nextRequest(call);
  return {
    state: withCall(state, withLocal(call, { camera: 'starting', cameraRequest: request })),
    effects: [{ type: 'adapter', command: { name: 'setCamera', callId: call.id, on: true, request } }],
  };
}

export function startScreenShare(state: EngineState, event: At<Extract<CommandInput, { type: 'startScreenShare' }>>, config: EngineConfig): Transition {
  const call = mediaCall(state, event.callId, 'share the screen of');
  if (isTransition(call)) return call;
  if (!config.capabilities.screenShare) return reject(state, 'unsupported', 'This adapter cannot share screens', call.id);
  if (call.forwarding) return forwarded(state, call);
  if (call.local.screenShare !== 'off') return unchanged(state);
  const request = nextRequest(call);
  return {
    state: withCall(state, withLocal(call, { screenShare: 'starting', screenShareRequest: request })),
    effects: [{ type: 'adapter', command: { name: 'startScreenShare', callId: call.id, request } }],
  };
}

function nextRequest(call: Call): number {
  // `?? 0`: a snapshot persisted before requests were numbered has neither field.
  return Math.max(call.local.cameraRequest ?? 0, call.local.screenShareRequest ?? 0) + 1;
}

/** The stop button in our UI and the browser's own "Stop sharing" end sharing the same way (004). */
export function stopScreenShare(
  state: EngineState,
  event: At<Extract<CommandInput, { type: 'stopScreenShare' }> | Extract<AdapterEvent, { type: 'localScreenShareEnded' }>>,
): Transition {
  const call = mediaCall(state, event.callId, 'stop sharing the screen of');
  if (isTransition(call)) return call;
  if (call.local.screenShare === 'off') return unchanged(state);
  const byBrowser = event.type === 'localScreenShareEnded';
  const request = call.local.screenShareRequest;
  const command: AdapterCommand = byBrowser ? { name: 'stopScreenShare', callId: call.id, endedByBrowser: true, request } : { name: 'stopScreenShare', callId: call.id, request };
  const effects: Effect[] = [{ type: 'adapter', command }];
  if (call.local.screenShare === 'on') {
    effects.push(timeline(event.at, call.id, 'screenShareStopped', byBrowser ? 'browser' : undefined));
    effects.push(sharingNotice('screenShareStopped', call, event.at));
  }
  return { state: withCall(state, withLocal(call, { screenShare: 'off' })), effects };
}

/**
 * Only a refusal comes back. It rolls the button back if it is the latest
 * request's: after unmute (refused), mute, unmute, the microphone does what
 * the last one said, and so does the state.
 */
export function muteSettled(state: EngineState, call: Call, command: Extract<AdapterCommand, { name: 'setMuted' }>, error?: ErrorInfo): Transition {
  const muted = command.muted;
  if (!error || call.local.muted !== muted) return unchanged(state);
  if (command.request !== undefined && command.request !== (call.local.muteRequest ?? 0)) return unchanged(state);
  const lastError: ErrorInfo = { ...error, callId: call.id };
  return {
    state: withCall(state, changedCall(call, { local: changedLocal(call.local, { muted: !muted }), lastError })),
    effects: [{ type: 'error', error: lastError }],
  };
}

/**
 * Turning the camera off or stopping the share failed: the camera may still
 * capture, the screen may still be shared, so the state says on (the button
 * offers Off or Stop again) rather than claim a privacy the visitor does not
 * have; the backend hears sharing is on again. A later on or off has already
 * decided (the stop names the request it stops: after off (refused), on, off,
 * the late refusal of the first off is stale), and only the error is
 * reported; so has the browser, when its own Stop sharing ended the capture
 * (`stillCapturing` false).
 */
export function trackStopFailed(
  state: EngineState, call: Call, track: 'camera' | 'screenShare', request: number | undefined, at: number, error: ErrorInfo, stillCapturing = true,
): Transition {
  const lastError: ErrorInfo = { ...error, device: error.device ?? tracks[track].device, callId: call.id };
  const effects: Effect[] = [{ type: 'error', error: lastError }];
  const stale = request !== undefined && request !== (call.local[tracks[track].request] ?? 0);
  if (call.local[track] !== 'off' || !stillCapturing || stale) return { state: withCall(state, changedCall(call, { lastError })), effects };
  effects.push(timeline(at, call.id, tracks[track].started, 'stop failed'));
  if (track === 'screenShare') effects.push(sharingNotice('screenShareStarted', call, at));
  return { state: withCall(state, changedCall(call, { local: changedLocal(call.local, { [track]: 'on' }), lastError })), effects };
}

const tracks = {
  camera: { request: 'cameraRequest', device: 'camera', started: 'cameraOn' },
  screenShare: { request: 'screenShareRequest', device: 'screen', started: 'screenShareStarted' },
} as const;

/** A camera or screen-share start finished: it decides only if it is the latest request and still awaited. */
export function trackStarted(state: EngineState, call: Call, track: 'camera' | 'screenShare', request: number, at: number, error?: ErrorInfo): Transition {
  const { request: requestKey, device, started } = tracks[track];
  const status = call.local[track];
  const release: Effect = track === 'camera'
    ? { type: 'adapter', command: { name: 'setCamera', callId: call.id, on: false, request } }
    : { type: 'adapter', command: { name: 'stopScreenShare', callId: call.id, request } };
  if (request !== call.local[requestKey] || status !== 'starting') {
    // Stale, or turned off while starting: release what the adapter just opened, unless a newer start wants it.
    return !error && status === 'off' ? { state, effects: [release] } : unchanged(state);
  }
  if (error) {
    const lastError: ErrorInfo = { ...error, device: error.device ?? device, callId: call.id };
    return {
      state: withCall(state, changedCall(call, { local: changedLocal(call.local, { [track]: 'off' }), lastError })),
      effects: [{ type: 'error', error: lastError }],
    };
  }
  const effects: Effect[] = [timeline(at, call.id, started)];
  if (track === 'screenShare') effects.push(sharingNotice('screenShareStarted', call, at));
  return { state: withCall(state, withLocal(call, { [track]: 'on' })), effects };
}

export function remoteMedia(state: EngineState, event: At<Extract<AdapterEvent, { type: 'remoteMedia' }>>): Transition {
  const call = mediaCall(state, event.callId, 'update remote media of');
  if (isTransition(call)) return call;
  const before = call.remoteMedia;
  // A snapshot saved before `held` existed has none: not held.
  const wasHeld = before.held === true;
  const after = {
    presence: before.presence,
    camera: event.camera ?? before.camera,
    screenShare: event.screenShare ?? before.screenShare,
    muted: event.muted ?? before.muted,
    held: event.held ?? wasHeld,
  };
  if (after.camera === before.camera && after.screenShare === before.screenShare && after.muted === before.muted && after.held === wasHeld) return unchanged(state);
  const effects: Effect[] = [];
  if (after.screenShare !== before.screenShare) {
    effects.push(timeline(event.at, call.id, after.screenShare ? 'remoteScreenShareStarted' : 'remoteScreenShareStopped'));
  }
  if (after.held !== wasHeld) effects.push(timeline(event.at, call.id, after.held ? 'remoteHeld' : 'remoteResumed'));
  return { state: withCall(state, changedCall(call, { remoteMedia: after })), effects };
}
