// The guest page's first step: hand the link it was opened with to the demo
// server, which verifies it (a one-time link is used up here) and answers
// with the call's room token, or with the typed refusal and its remedy.
export type JoinAnswer =
  | { ok: true; room: string; token: string; media: 'audio' | 'video'; agentId: string; guestName?: string }
  | { ok: false; error: { code: string; message: string; remedy: string } };

/**
 * One check per link and page: a one-time link is used up by its first
 * check, so asking again (the effect run twice by StrictMode in development,
 * a remount) reads that answer instead of being told the link was used.
 */
const checks = new Map<string, Promise<JoinAnswer>>();

/** `origin` is the page's own by default. */
export function joinByLink(link: string, origin = ''): Promise<JoinAnswer> {
  let check = checks.get(link);
  if (!check) {
    check = askServer(link, origin);
    checks.set(link, check);
    // A refusal is not kept: asking again (the service was unreachable) asks the server again.
    void check.then((answer) => {
      if (!answer.ok) checks.delete(link);
    });
  }
  return check;
}

async function askServer(link: string, origin: string): Promise<JoinAnswer> {
  try {
    const response = await fetch(`${origin}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) });
    return (await response.json()) as JoinAnswer;
  } catch (error) {
    return { ok: false, error: { code: 'network', message: `The call service did not answer (${error instanceof Error ? error.message : String(error)})`, remedy: 'Check your network or VPN, then open the link again.' } };
  }
}
