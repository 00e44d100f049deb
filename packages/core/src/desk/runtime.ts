// Carries out the desk's effects against the adapter and the integrator's
// People lookup, and feeds outcomes back in. Adapters without a desk method
// are told the nearest thing they understand (a refused offer is a busy
// disconnect); a transfer they cannot start fails and the call returns.
import type { ExtensionContext } from '../engine.js';
import type { Effect } from '../events.js';
import { toErrorInfo } from '../errors.js';
import type { DeskConfig } from './config.js';
import type { DeskEffect } from './events.js';
import { deskEventParsers, parseContact } from './parsers.js';
import { parse } from '../validate.js';

/** Desk methods a media adapter may add to the `MediaAdapter` port. */
export interface DeskAdapter {
  refuseOffer?(callId: string, reason: string): Promise<void>;
  setHoldAudio?(callId: string, audio: { kind: string; url: string } | null): Promise<void>;
  transfer?(callId: string, transferId: string, target: unknown): Promise<void>;
  cancelTransfer?(callId: string, transferId: string): Promise<void>;
  stopRecording?(callId: string): Promise<void>;
  /** Rings the agent's leg of an automated callback attempt. */
  ringCallback?(callId: string, number: string): Promise<void>;
  /** Dials the customer of an automated callback into the call the agent answered (003). Without it, the platform dials by itself. */
  dialCallback?(callId: string, number: string): Promise<void>;
  /**
   * Asks the backend for a hand-off; resolves true when this claim was the
   * first (002: one tab takes the call). A tab claims with the same token on
   * every click for one call, so a retry after a lost answer must resolve true
   * again when that token holds the call. Without it, there is nobody to compete with.
   */
  claimHandoff?(callId: string, token: string): Promise<boolean>;
  releaseHandoff?(callId: string, token: string): Promise<void>;
  /** The agents, with their queues and presence, fresh from the backend (003's refresh button); checked like `directoryUpdated`. */
  loadDirectory?(): Promise<unknown>;
  /** Sends a call link to its client (a message in their conversation, an SMS, an email: the integrator's channel). */
  sendCallLink?(link: { requestId: string; url: string; conversationId: string; guestName?: string }): Promise<void>;
}

const ignore = () => undefined;

/**
 * Calls `start` now; what it throws becomes a rejection, as an async function's
 * would. An adapter method that throws must not throw out of `send`, nor cost
 * the transition its later effects. A missing optional method resolves.
 */
function promiseOf(start: () => Promise<void> | undefined): Promise<void> {
  try {
    return Promise.resolve(start());
  } catch (thrown) {
    return Promise.reject(thrown);
  }
}

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
          (found) => {
            if (!found) return context.send({ type: 'contactResolved', callId: run.callId });
            // The integrator's function, like an adapter, sits at a boundary: its contact is checked and copied.
            const checked = parse(parseContact, found);
            context.send(checked.ok
              ? { type: 'contactResolved', callId: run.callId, contact: checked.value }
              : { type: 'contactLookupFailed', callId: run.callId, error: { code: 'invalidInput', message: `The People lookup returned a malformed contact (${checked.problem})`, callId: run.callId } });
          },
          (cause: unknown) => context.send({ type: 'contactLookupFailed', callId: run.callId, error: toErrorInfo(cause, 'commandFailed', undefined, run.callId) }),
        );
      return;
    }
    case 'refuseOffer':
      promiseOf(() => (adapter.refuseOffer ? adapter.refuseOffer(run.callId, run.reason) : adapter.disconnect(run.callId, 'busy'))).catch(ignore);
      return;
    case 'holdAudio':
      promiseOf(() => adapter.setHoldAudio?.(run.callId, run.audio)).catch(ignore);
      return;
    case 'transfer':
      if (!adapter.transfer) {
        context.send({ type: 'transferFailed', callId: run.callId, transferId: run.transferId, reason: 'error' });
        return;
      }
      // Called now, not on a later tick: a cancel or a hang-up right after must reach the adapter after the transfer it undoes.
      promiseOf(() => adapter.transfer!(run.callId, run.transferId, run.target)).catch(() => {
        context.send({ type: 'transferFailed', callId: run.callId, transferId: run.transferId, reason: 'error' });
      });
      return;
    case 'cancelTransfer':
      promiseOf(() => adapter.cancelTransfer?.(run.callId, run.transferId)).catch(ignore);
      return;
    case 'stopRecording':
      promiseOf(() => adapter.stopRecording?.(run.callId)).catch(ignore);
      return;
    case 'ringCallback':
      promiseOf(() => adapter.ringCallback?.(run.callId, run.number)).catch(ignore);
      return;
    case 'dialCallback':
      // The customer could not be dialled: the attempt fails like an unanswered one and is retried by policy.
      promiseOf(() => adapter.dialCallback?.(run.callId, run.number)).catch(() => context.send({ type: 'remoteEnded', callId: run.callId, reason: 'failed' }));
      return;
    case 'claimHandoff': {
      const { callId, token } = run;
      if (!adapter.claimHandoff) {
        context.send({ type: 'handoffClaimed', callId, token });
        return;
      }
      Promise.resolve().then(() => adapter.claimHandoff!(callId, token)).then(
        (won) => context.send(won ? { type: 'handoffClaimed', callId, token } : { type: 'handoffClaimFailed', callId, token, reason: 'claimedElsewhere' }),
        () => context.send({ type: 'handoffClaimFailed', callId, token, reason: 'error' }),
      );
      return;
    }
    case 'releaseHandoff':
      promiseOf(() => adapter.releaseHandoff?.(run.callId, run.token)).catch(ignore);
      return;
    case 'sendCallLink': {
      const { requestId, url, conversationId, guestName } = run;
      if (!adapter.sendCallLink) {
        context.send({ type: 'callLinkNotSent', requestId, error: { code: 'unsupported', message: 'This desk cannot send call links (sendCallLink): copy the link instead' } });
        return;
      }
      promiseOf(() => adapter.sendCallLink!({ requestId, url, conversationId, ...(guestName === undefined ? {} : { guestName }) })).then(
        () => context.send({ type: 'callLinkSent', requestId }),
        (cause: unknown) => context.send({ type: 'callLinkNotSent', requestId, error: toErrorInfo(cause, 'commandFailed') }),
      );
      return;
    }
    case 'loadDirectory': {
      const load = adapter.loadDirectory;
      if (!load) {
        context.send({ type: 'adapterError', error: { code: 'unsupported', message: 'This connection cannot load the agent directory (loadDirectory)' } });
        return;
      }
      Promise.resolve().then(() => load.call(adapter)).then(
        (agents) => {
          const checked = parse(deskEventParsers.directoryUpdated!, { type: 'directoryUpdated', agents });
          context.send(checked.ok ? checked.value : { type: 'adapterError', error: { code: 'invalidInput', message: `The agent directory is malformed (${checked.problem})` } });
        },
        (cause: unknown) => context.send({ type: 'adapterError', error: toErrorInfo(cause, 'commandFailed') }),
      );
      return;
    }
    case 'issueCallLink': {
      const { request } = run;
      const issue = config.callLinks.issue;
      if (!issue) {
        context.send({ type: 'callLinkFailed', requestId: request.requestId, error: { code: 'unsupported', message: 'No call link issuer is configured (callLinks.issue)' } });
        return;
      }
      Promise.resolve().then(() => issue(request)).then(
        (link) => context.send({ type: 'callLinkCreated', requestId: request.requestId, url: link.url, linkId: link.linkId, ...(link.expiresAt === undefined ? {} : { expiresAt: link.expiresAt }) }),
        (cause: unknown) => context.send({ type: 'callLinkFailed', requestId: request.requestId, error: toErrorInfo(cause, 'commandFailed') }),
      );
      return;
    }
    case 'notify':
      return; // an output on events$ for the integrator's backend
  }
}
