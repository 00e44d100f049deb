// The guest page opened from a call link (004 "Join the call"): the link is
// checked first; a refused one says why and what to do, and never reaches
// the room. A good one joins the agent's call; hanging up ends the visit.
import type { Call } from '@ringline/core';
import { RinglineProvider, useSelector } from '@ringline/react';
import { useEffect, useState } from 'react';
import { CallScreen } from '../visitor/CallScreen.js';
import { createGuestLine, type GuestLine } from './guestLine.js';
import { type JoinAnswer, joinByLink } from './joinLink.js';

const refusalTitle: Record<string, string> = {
  malformed: 'This link is incomplete',
  forged: 'This link is not valid',
  expired: 'This link has expired',
  notYetValid: 'This call has not started yet',
  alreadyUsed: 'This link has already been used',
  notChecked: 'This link could not be checked just now',
  network: 'The call service cannot be reached',
};

export function JoinApp({ link }: { link: string }) {
  const [answer, setAnswer] = useState<JoinAnswer>();
  const [line, setLine] = useState<GuestLine>();
  useEffect(() => {
    let cancelled = false;
    void joinByLink(link).then((result) => {
      if (cancelled) return;
      setAnswer(result);
      if (result.ok) setLine(createGuestLine(result, result.guestName));
    });
    return () => {
      cancelled = true;
    };
  }, [link]);
  if (!answer) return <p className="join__note">Checking your link…</p>;
  if (!answer.ok) {
    return (
      <section className="join__refused" role="alert" data-testid="join-error" data-code={answer.error.code}>
        <h1>{refusalTitle[answer.error.code] ?? 'This link cannot be used'}</h1>
        <p data-testid="join-error-message">{answer.error.message}</p>
        <p data-testid="join-error-remedy"><strong>{answer.error.remedy}</strong></p>
      </section>
    );
  }
  if (!line) return null;
  return (
    <RinglineProvider engine={line.engine}>
      <GuestCall line={line} />
    </RinglineProvider>
  );
}

function GuestCall({ line }: { line: GuestLine }) {
  const call = useSelector((state) => state.calls[0] as Call | undefined);
  const ended = useSelector((state) => state.history.length > 0);
  if (call) return <div className="widget join__call"><div className="widget__body"><CallScreen call={call} adapter={line.media} /></div></div>;
  if (ended) return <p className="join__note" data-testid="call-ended">You have left the call. You can close this page.</p>;
  return <p className="join__note" data-testid="join-waiting">Joining the call… the agent's call starts as soon as they are ready.</p>;
}
