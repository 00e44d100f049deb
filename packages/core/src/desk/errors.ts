// Refusals of the agent desk. Each carries a remedy an agent can act on.
import type { CallId, ErrorInfo } from '../model.js';

const deskRemedies = {
  offDuty: 'Turn the duty toggle on to take and make calls.',
  notInQueue: 'Pick a queue you are a member of.',
  conversationExists: 'Open the existing conversation and continue there; a follow-up call can be started from it.',
  conversationAssigned: 'Another agent owns the conversation with this customer; agree a transfer with them or wait until it is closed.',
  transferUnavailable: 'Pick another transfer target; the reason is in the message.',
  transferInProgress: 'Wait for the transfer to finish or fail before changing the call.',
  notInPhonebook: 'The number or name was not found in the phone book; pick a contact from People.',
  unknownNumber: 'Pick one of the numbers configured for calls.',
  wrapUpOpen: 'Finish the wrap-up of the previous call first.',
  noWrapUp: 'There is no wrap-up window open.',
  notExtendable: 'More wrap-up time is not enabled for you; ask a supervisor.',
  forbidden: 'Agents cannot do this; ask an administrator.',
  unknownConversation: 'Reload the conversation list; this conversation is not known here.',
} as const;

export type DeskErrorCode = keyof typeof deskRemedies;

export function deskRefusal(code: DeskErrorCode, message: string, callId?: CallId): ErrorInfo {
  const info: ErrorInfo = { code, message, remedy: deskRemedies[code] };
  if (callId !== undefined) info.callId = callId;
  return info;
}
