// Carries out the desk's effects against the adapter and the integrator's
// People lookup, and feeds outcomes back in. Adapters without a desk method
// are told the nearest thing they understand (a refused offer is a busy
// disconnect); a transfer they cannot start fails and the call returns.
import type { ExtensionContext } from '../engine.js';
import type { Effect } from '../events.js';
import { toErrorInfo } from '../errors.js';
import type { DeskConfig } from './config.js';
import type { DeskEffect } from './events.js';

/** Desk methods a media adapter may add to the `MediaAdapter` port. */
export interface DeskAdapter {
  refuseOffer?(callId: string, reason: string): Promise<void>;
  setHoldAudio?(callId: string, audio: { kind: string; url: string } | null): Promise<void>;
  transfer?(callId: string, transferId: string, target: unknown): Promise<void>;
  cancelTransfer?(callId: string, transferId: string): Promise<void>;
  stopRecording?(callId: string): Promise<void>;
}

const ignore = () => undefined;

export function runDeskEffect(effect: Effect, context: ExtensionContext, config: DeskConfig): void {
  if (effect.type !== 'desk') return;
  const adapter = context.adapter as ExtensionContext['adapter'] & DeskAdapter;
  const run = effect as DeskEffect;
  switch (run.action) {
    case 'lookupContact': {
      const lookup = config.lookupContact;
      if (!lookup) {
        context.send({ type: 'contactResolved', callId: run.callId });
        return;
      }
      // The ring has already started: the lookup only fills in the name when it comes back.
      Promise.resolve()
        .then(() => lookup(run.number))
        .then(
          (contact) => context.send(contact ? { type: 'contactResolved', callId: run.callId, contact } : { type: 'contactResolved', callId: run.callId }),
          (cause: unknown) => context.send({ type: 'contactLookupFailed', callId: run.callId, error: toErrorInfo(cause, 'commandFailed', undefined, run.callId) }),
        );
      return;
    }
    case 'refuseOffer':
      void (adapter.refuseOffer ? adapter.refuseOffer(run.callId, run.reason) : adapter.disconnect(run.callId, 'busy')).catch(ignore);
      return;
    case 'holdAudio':
      void adapter.setHoldAudio?.(run.callId, run.audio)?.catch(ignore);
      return;
    case 'transfer':
      if (!adapter.transfer) {
        context.send({ type: 'transferFailed', callId: run.callId, transferId: run.transferId, reason: 'error' });
        return;
      }
      Promise.resolve().then(() => adapter.transfer!(run.callId, run.transferId, run.target)).catch(() => {
        context.send({ type: 'transferFailed', callId: run.callId, transferId: run.transferId, reason: 'error' });
      });
      return;
    case 'cancelTransfer':
      void adapter.cancelTransfer?.(run.callId, run.transferId)?.catch(ignore);
      return;
    case 'stopRecording':
      void adapter.stopRecording?.(run.callId)?.catch(ignore);
      return;
    case 'notify':
      return; // an output on events$ for the integrator's backend
  }
}
