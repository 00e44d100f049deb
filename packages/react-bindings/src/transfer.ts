// The transfer saga as the agent sees it (003): in flight (initiated, then
// ringing at the target, which the agent can cancel), or the warning left by a
// failure or a cancel that returned the call.
import { type CallId, type EngineState, type SendResult, type TransferStatus, type TransferTarget, transferStatus } from './core.js';
import { useCallback, useMemo } from './react.js';
import { pickCall } from './calls.js';
import { itemsEqual } from './equality.js';
import { useDesk, useEngine } from './provider.js';
import { useSelector } from './useSelector.js';

export interface TransferResult extends TransferStatus {
  callId: CallId | undefined;
  transfer(target: TransferTarget): SendResult;
  /** Takes back the transfer in flight: the call stays here, hold as it was. */
  cancel(): SendResult;
}

const noTransfer: TransferStatus = {};

export function useTransfer(callId?: CallId): TransferResult {
  useDesk();
  const engine = useEngine();
  const select = useCallback((state: EngineState) => {
    const id = pickCall(state, callId)?.id;
    return { callId: id, status: id === undefined ? noTransfer : transferStatus(state, id) };
  }, [callId]);
  const { callId: id, status } = useSelector(select, (a, b) => a.callId === b.callId && itemsEqual(a.status, b.status));
  return useMemo(() => ({
    ...status,
    callId: id,
    transfer: (target: TransferTarget) => engine.send({ type: 'transfer', callId: id ?? '', target }),
    cancel: () => engine.send({ type: 'cancelTransfer', callId: id ?? '' }),
  }), [engine, id, status]);
}
