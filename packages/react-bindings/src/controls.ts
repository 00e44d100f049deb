// 003: call controls are dynamic. `visible` says a button exists for this call
// at all (the adapter can do it, the call is past ringing or still ringing);
// `enabled` says pressing it now would be accepted (nothing in flight, no
// transfer pinning hold); `active` says a toggle is on.
import {
  type AdapterCapabilities, agentCallControls, type Call, type CallId, type CallControls, callControls, type EngineState, type SendResult,
} from './core.js';
import { useCallback, useMemo } from './react.js';
import { pickCall } from './calls.js';
import { itemsEqual } from './equality.js';
import { useRingline } from './provider.js';
import { useSelector } from './useSelector.js';

export interface Control {
  visible: boolean;
  enabled: boolean;
  active: boolean;
}

export type ControlName = 'accept' | 'decline' | 'hangUp' | 'mute' | 'camera' | 'screenShare' | 'hold' | 'dialPad' | 'transfer';

export type ControlsView = Record<ControlName, Control>;

export interface CallControlsResult {
  callId: CallId | undefined;
  controls: ControlsView;
  accept(): SendResult;
  decline(): SendResult;
  hangUp(): SendResult;
  toggleMute(): SendResult;
  toggleCamera(): SendResult;
  toggleScreenShare(): SendResult;
  /** Hold when off, resume when on. */
  toggleHold(): SendResult;
  sendDtmf(digits: string): SendResult;
}

const off: Control = { visible: false, enabled: false, active: false };
const none: ControlsView = {
  accept: off, decline: off, hangUp: off, mute: off, camera: off, screenShare: off, hold: off, dialPad: off, transfer: off,
};

function control(visible: boolean, enabled: boolean, active = false): Control {
  return { visible, enabled: visible && enabled, active };
}

/** The controls of one call, from its state and the adapter's capabilities (and the desk's rules when there is a desk). */
export function controlsView(call: Call | undefined, capabilities: AdapterCapabilities, allowed: CallControls & { transfer?: boolean }, desk: boolean): ControlsView {
  if (!call) return none;
  const ringing = call.phase === 'ringing';
  const live = !ringing;
  const { local, hold } = call;
  return {
    accept: control(ringing, allowed.accept),
    decline: control(ringing, allowed.decline),
    hangUp: control(live, allowed.hangUp),
    mute: control(live, allowed.mute, local.muted),
    camera: control(live && capabilities.video, local.camera !== 'starting', local.camera === 'on'),
    screenShare: control(live && capabilities.screenShare, local.screenShare !== 'starting', local.screenShare === 'on'),
    hold: control(live && capabilities.hold, allowed.hold || allowed.resume, hold.status === 'on' || hold.status === 'resuming'),
    dialPad: control(live && capabilities.dtmf, allowed.dialPad),
    transfer: control(desk && live && capabilities.transferTargets.length > 0, allowed.transfer === true),
  };
}

export function useCallControls(callId?: CallId): CallControlsResult {
  const { engine, desk } = useRingline();
  const select = useCallback((state: EngineState) => {
    const call = pickCall(state, callId);
    if (!call) return { callId: undefined, controls: none };
    const allowed = desk ? agentCallControls(state, engine.config, call.id) ?? callControls(call, engine.capabilities) : callControls(call, engine.capabilities);
    return { callId: call.id, controls: controlsView(call, engine.capabilities, allowed, desk !== undefined) };
  }, [engine, desk, callId]);
  const { callId: id, controls } = useSelector(select, sameControls);
  return useMemo(() => {
    // Commands go to the call shown; with none, the engine refuses them with its own typed error.
    const target = id ?? '';
    return {
      callId: id,
      controls,
      accept: () => engine.accept(target),
      decline: () => engine.decline(target),
      hangUp: () => engine.hangUp(target),
      toggleMute: () => engine.toggleMute(target),
      toggleCamera: () => engine.toggleCamera(target),
      toggleScreenShare: () => engine.toggleScreenShare(target),
      toggleHold: () => (controls.hold.active ? engine.resume(target) : engine.hold(target)),
      sendDtmf: (digits: string) => engine.sendDtmf(target, digits),
    };
  }, [engine, id, controls]);
}

function sameControls(a: { callId: CallId | undefined; controls: ControlsView }, b: { callId: CallId | undefined; controls: ControlsView }): boolean {
  return a.callId === b.callId && itemsEqual(a.controls, b.controls);
}
