// The guest page's first step: hand the link it was opened with to the demo
// server, which verifies it (a one-time link is used up here) and answers
// with the call's room token, or with the typed refusal and its remedy.
export type JoinAnswer =
  | { ok: true; room: string; token: string; media: 'audio' | 'video'; agentId: string; guestName?: string }
  | { ok: false; error: { code: string; message: string; remedy: string } };

export async function joinByLink(link: string): Promise<JoinAnswer> {
  try {
    const response = await fetch('/api/join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) });
    return (await response.json()) as JoinAnswer;
  } catch (error) {
    return { ok: false, error: { code: 'network', message: `The call service did not answer (${error instanceof Error ? error.message : String(error)})`, remedy: 'Check your network or VPN, then open the link again.' } };
  }
}
