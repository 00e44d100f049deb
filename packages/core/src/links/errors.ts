// Why a call link was refused. Each refusal has its own code, so the join
// page can say what happened (004 "The client cannot join": has the link
// expired?) and support can tell a forged link from an old one.

const remedies = {
  malformed: 'The link is incomplete or damaged; copy the whole link again, or ask the agent for a new one.',
  forged: 'The link was not issued by this service or was altered; ask the agent for a new link.',
  expired: 'The link has expired; ask the agent for a new link.',
  notYetValid: 'The link is for a later time; open it again within the time frame the agent gave.',
  alreadyUsed: 'The link was for one use and has been used; ask the agent for a new link.',
  notChecked: 'The link could not be checked just now; open it again in a moment.',
} as const;

export type CallLinkErrorCode = keyof typeof remedies;

export class CallLinkError extends Error {
  override readonly name = 'CallLinkError';
  readonly code: CallLinkErrorCode;
  readonly remedy: string;
  /** Known once the signature has been checked; never set for a forged link. */
  readonly linkId: string | undefined;

  constructor(code: CallLinkErrorCode, message: string, options: { linkId?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.remedy = remedies[code];
    this.linkId = options.linkId;
  }
}
