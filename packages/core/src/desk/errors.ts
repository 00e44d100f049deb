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
  wrapUpExpired: 'The wrap-up time ran out and the window closed on its own; notes and rating after that are not kept.',
  notExtendable: 'More wrap-up time is not enabled for you; ask a supervisor.',
  forbidden: 'Agents cannot do this; ask an administrator.',
  unknownConversation: 'Reload the conversation list; this conversation is not known here.',
  unknownCallback: 'Reload the callback list; this callback request is not known here.',
  callbackTaken: 'Another agent has this callback; pick another request from the list.',
  callbackNotStartable: 'This callback cannot be called now; the message says why (assign it first, or it is done or out of attempts).',
  automatedCallback: 'Automated callbacks ring you on their own; wait for the ring instead of starting the call.',
  claimedElsewhere: 'The call was taken in another tab or by another agent; close the extra tabs and use one.',
  claimPending: 'Accept is being confirmed; wait a moment.',
  noClientSelected: 'Select a client first.',
  conversationNotStarted: 'Start the conversation first (Start conversation), so it is open and yours.',
  notConversationOwner: 'Another agent owns this conversation; only the owner can call from it.',
  unknownLinkRequest: 'Generate the call link again; this request is not known here.',
  linkNotReady: 'Wait until the call link has been created, or generate a new one.',
  linkUsed: 'This call link has been used for a call already; generate a new one.',
  linkExpired: 'This call link has expired; generate a new one.',
  linkNotOpenYet: 'The time frame of this call link has not started; wait for it, or generate a link for now.',
} as const;

export type DeskErrorCode = keyof typeof deskRemedies;

export function deskRefusal(code: DeskErrorCode, message: string, callId?: CallId): ErrorInfo {
  const info: ErrorInfo = { code, message, remedy: deskRemedies[code] };
  if (callId !== undefined) info.callId = callId;
  return info;
}
