// The dial pad (001, 003): digits are validated before they reach the
// adapter, and every send is logged with its outcome.
import type { EngineConfig } from '../config.js';
import type { CommandInput } from '../events.js';
import type { Call, DtmfEntry, EngineState, ErrorInfo } from '../model.js';
import { getCall } from '../selectors.js';
import { reject, timeline, unchanged, unknownCall, changedCall, withCall, wrongPhase, type Transition } from './transition.js';

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
  // The newest entry is never trimmed, so it holds the highest number so far.
  const seq = (call.dtmf[call.dtmf.length - 1]?.seq ?? 0) + 1;
  const entry: DtmfEntry = { seq, digits, at: event.at, status: 'sending' };
  const dtmf = [...call.dtmf, entry].slice(-config.dtmfLogLimit);
  return {
    state: withCall(state, changedCall(call, { dtmf })),
    effects: [{ type: 'adapter', command: { name: 'sendDtmf', callId: call.id, digits, seq } }, timeline(event.at, call.id, 'dtmf', digits)],
  };
}

/** A send's outcome, on its own log entry; a failure is reported even when the log has moved past it. */
export function dtmfSettled(state: EngineState, call: Call, sent: { seq: number; digits: string }, error?: ErrorInfo): Transition {
  const index = call.dtmf.findIndex((entry) => entry.seq === sent.seq);
  const dtmf = index < 0 ? call.dtmf : call.dtmf.slice();
  if (index >= 0) dtmf[index] = { ...dtmf[index]!, status: error ? 'failed' : 'sent' };
  if (!error) return index < 0 ? unchanged(state) : { state: withCall(state, changedCall(call, { dtmf })), effects: [] };
  const lastError: ErrorInfo = { code: 'commandFailed', message: `DTMF ${sent.digits} failed: ${error.message}`, callId: call.id };
  return { state: withCall(state, changedCall(call, { dtmf, lastError })), effects: [{ type: 'error', error: lastError }] };
}
