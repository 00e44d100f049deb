// 003: call controls are dynamic. Core decides which buttons a call shows,
// which can be pressed and which toggles are on (`callControls`, and the
// desk's `agentCallControls` with Transfer); this hook keeps that view and
// binds the actions to the call.
import { agentCallControls, type CallId, type CallControls, callControls, type EngineState, getCall, type SendResult } from './core.js';
import { useCallback, useMemo } from './react.js';
import { pickCall } from './calls.js';
import { itemsEqual } from './equality.js';
import { useRingline } from './provider.js';
import { useSelector } from './useSelector.js';

export interface CallControlsResult {
  callId: CallId | undefined;
  controls: CallControls;
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

const off = { visible: false, enabled: false, active: false };
const none: CallControls = {
  accept: off, decline: off, hangUp: off, mute: off, camera: off, screenShare: off, hold: off, dialPad: off, settings: off, transfer: off,
};

export function useCallControls(callId?: CallId): CallControlsResult {
  const { engine, desk } = useRingline();
  const select = useCallback((state: EngineState) => {
    const call = pickCall(state, callId);
    if (!call) return { callId: undefined, controls: none };
    const controls = (desk && agentCallControls(state, engine.config, call.id)) || callControls(call, engine.capabilities);
    return { callId: call.id, controls };
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
      // Decided when pressed, as the other toggles are: a handler kept from an earlier render still resumes a held call.
      toggleHold: () => (getCall(engine.getSnapshot(), target)?.hold.status === 'on' ? engine.resume(target) : engine.hold(target)),
      sendDtmf: (digits: string) => engine.sendDtmf(target, digits),
    };
  }, [engine, id, controls]);
}

function sameControls(a: { callId: CallId | undefined; controls: CallControls }, b: { callId: CallId | undefined; controls: CallControls }): boolean {
  return a.callId === b.callId && itemsEqual(a.controls, b.controls);
}
