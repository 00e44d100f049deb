// Ringing offers: 003's incoming pop-up (name from People, number with copy,
// queue) and 002's hand-off card with the AI's summary. Accept on a hand-off
// card claims it first (core decides the race; another desk may win).
import { useCountdown, useEngine } from '@ringline/react';
import { useOffers, type Offer } from '@ringline/react/desk';
import { useState } from 'react';
import { Avatar } from '../shared/ui/Avatar.js';

export function OfferCards() {
  const offers = useOffers();
  if (offers.length === 0) return null;
  return (
    <div className="offers" aria-live="assertive">
      {offers.map((offer) => <OfferCard key={offer.callId} offer={offer} />)}
    </div>
  );
}

function OfferCard({ offer }: { offer: Offer }) {
  const engine = useEngine();
  const seconds = useCountdown(offer.ringDeadline);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<string>();
  const handoff = offer.kind === 'handoff';
  const title = offer.name ?? offer.number ?? 'Unknown caller';
  const act = (result: { ok: boolean; error?: { remedy: string } }) => setProblem(result.ok ? undefined : result.error?.remedy);
  return (
    <article className={`offer${handoff ? ' offer--handoff' : ''}`} data-testid={handoff ? 'handoff-card' : 'incoming-popup'}>
      <header className="offer__header">
        <span className="eyebrow">{handoff ? 'AI hand-off' : offer.media === 'video' ? 'Incoming video call' : 'Incoming call'}</span>
        <span className="offer__countdown" title="Seconds left to answer">{seconds ?? 0}s</span>
      </header>
      <div className="offer__who">
        <Avatar name={offer.name ?? offer.number} size={48} ringing />
        <div>
          <h2>{title}{offer.lookup === 'pending' && <span className="muted"> · looking up…</span>}</h2>
          {offer.number && (
            <p className="offer__number">
              <span data-testid="offer-number">{offer.number}</span>
              <button type="button" className="button button--ghost button--small" data-testid="copy-number"
                onClick={() => void navigator.clipboard?.writeText(offer.number!).then(() => setCopied(true), () => setCopied(false))}>
                {copied ? 'Copied' : 'Copy'}
              </button>
            </p>
          )}
          {offer.queueName && <p className="muted">Queue: <strong data-testid="offer-queue">{offer.queueName}</strong></p>}
        </div>
      </div>
      {handoff && (
        <div className="offer__summary">
          <span className="offer__summary-label">Summary from the assistant</span>
          <p data-testid="handoff-summary">{offer.summary ?? 'No summary'}</p>
        </div>
      )}
      {problem && <p className="notice notice--error" role="alert">{problem}</p>}
      <div className="offer__actions">
        <button type="button" className="button button--danger" data-testid="offer-decline" onClick={() => act(engine.decline(offer.callId))}>Decline</button>
        <button type="button" className="button button--accept" data-testid="offer-accept" onClick={() => act(engine.accept(offer.callId))}>Accept</button>
      </div>
    </article>
  );
}
