// 003's wrap-up window: the countdown (the agent is busy until it ends),
// +10 s and more time where allowed, notes, a rating, and closing the
// conversation or leaving it open.
import { useWrapUp } from '@ringline/react/desk';

export function WrapUpPanel() {
  const wrapUp = useWrapUp();
  if (!wrapUp) return null;
  return (
    <section className="card wrapup" data-testid="wrapup" aria-label="Wrap-up">
      <header className="wrapup__head">
        <div>
          <span className="eyebrow">Wrap-up</span>
          <h2>Finish this conversation</h2>
        </div>
        <div className="wrapup__timer">
          <span data-testid="wrapup-countdown">{wrapUp.remainingSeconds}</span>
          <small>seconds left</small>
        </div>
      </header>
      <div className="wrapup__extend">
        {wrapUp.canAddTenSeconds && <button type="button" className="button button--secondary button--small" data-testid="wrapup-extend" onClick={() => wrapUp.extend('tenSeconds')}>+10 s</button>}
        {wrapUp.canAddMoreTime && <button type="button" className="button button--secondary button--small" data-testid="wrapup-more-time" onClick={() => wrapUp.extend('moreTime')}>+ More time</button>}
      </div>
      <label className="field">
        <span className="field__label">Notes</span>
        <textarea rows={3} value={wrapUp.notes} placeholder="Outcome, follow-up, anything the next person should know" data-testid="wrapup-notes" onChange={(event) => wrapUp.setNotes(event.target.value)} />
      </label>
      {wrapUp.canRate && (
        <div className="field">
          <span className="field__label">Call quality</span>
          <div className="rating" role="radiogroup" aria-label="Call quality">
            {[1, 2, 3, 4, 5].map((stars) => (
              <button key={stars} type="button" role="radio" aria-checked={wrapUp.rating === stars} className={`rating__star${(wrapUp.rating ?? 0) >= stars ? ' is-on' : ''}`}
                data-testid={`wrapup-rating-${stars}`} onClick={() => wrapUp.rate(stars)}>★</button>
            ))}
          </div>
        </div>
      )}
      <div className="wrapup__actions">
        <button type="button" className="button button--secondary" data-testid="wrapup-leave-open" onClick={() => wrapUp.close('leaveOpen')}>Leave open</button>
        <button type="button" className="button button--primary" data-testid="wrapup-close" onClick={() => wrapUp.close('close')}>Close conversation</button>
      </div>
    </section>
  );
}
