// The dial pad (001, 003): digits are validated before they reach the
// adapter, and every send is logged with its outcome.
import type { EngineConfig } from '../config.js';
import type { CommandInput } from '../events.js';
import type { Call, DtmfEntry, EngineState, ErrorInfo } from '../model.js';
import { getCall } from '../selectors.js';
import { reject, timeline, unchanged, unknownCall, withCall, wrongPhase, type Transition } from './transition.js';

const dtmfPattern = /^[0-9*#A-D]{1,32}$/;

export function isDtmf(digits: string): boolean {
  return dtmfPattern.test(digits);
}

export function sendDtmf(state: EngineState, event: Extract<CommandInput, { type: 'sendDtmf' }> & { at: number }, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (!config.capabilities.dtmf) return reject(state, 'unsupported', 'This adapter cannot send DTMF', call.id);
  const digits = typeof event.digits === 'string' ? event.digits.toUpperCase() : '';
  if (!isDtmf(digits)) {
    return reject(state, 'invalidDtmf', `DTMF accepts 1 to 32 of 0-9 * # A-D, got ${JSON.stringify(event.digits)}`, call.id);
  }
  if (call.phase !== 'connected') return wrongPhase(state, call, 'send DTMF on');
  const entry: DtmfEntry = { digits, at: event.at, status: 'sending' };
  const dtmf = [...call.dtmf, entry].slice(-config.dtmfLogLimit);
  return {
    state: withCall(state, { ...call, dtmf }),
    effects: [{ type: 'adapter', command: { name: 'sendDtmf', callId: call.id, digits } }, timeline(event.at, call.id, 'dtmf', digits)],
  };
}

/** The adapter sends digits in order, so the oldest pending entry is the one that settled. */
export function dtmfSettled(state: EngineState, call: Call, error?: ErrorInfo): Transition {
  const index = call.dtmf.findIndex((entry) => entry.status === 'sending');
  if (index < 0) return unchanged(state);
  const dtmf = call.dtmf.slice();
  dtmf[index] = { ...dtmf[index]!, status: error ? 'failed' : 'sent' };
  if (!error) return { state: withCall(state, { ...call, dtmf }), effects: [] };
  const lastError: ErrorInfo = { code: 'commandFailed', message: `DTMF failed: ${error.message}`, callId: call.id };
  return { state: withCall(state, { ...call, dtmf, lastError }), effects: [{ type: 'error', error: lastError }] };
}
