// The desk's side of call links: the demo server signs them (the secret never
// reaches the page); the agent picks one-time, expiry or time-frame per link (003).
import { RinglineError } from '@ringline/core';
import type { CallLinkIssueRequest } from '@ringline/core';

export type LinkKind = CallLinkIssueRequest['kind'];
export const linkKinds: readonly LinkKind[] = ['oneTime', 'expiry', 'timeFrame'];

export interface SignedLink {
  url: string;
  linkId: string;
  expiresAt: number;
  /** The link call's signaling room and this agent's token for it. */
  room: string;
  token: string;
}

export async function issueCallLink(request: CallLinkIssueRequest): Promise<SignedLink> {
  let response: Response;
  try {
    response = await fetch('/api/links', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  } catch (cause) {
    throw new RinglineError('commandFailed', 'The demo server did not answer the call link request', { cause });
  }
  const body = (await response.json().catch(() => ({}))) as Partial<SignedLink> & { ok?: boolean; error?: string };
  if (!response.ok || body.ok !== true || !body.url || !body.linkId || !body.room || !body.token || body.expiresAt === undefined) {
    throw new RinglineError('commandFailed', body.error ?? `The call link could not be signed (HTTP ${response.status})`);
  }
  return { url: body.url, linkId: body.linkId, expiresAt: body.expiresAt, room: body.room, token: body.token };
}
