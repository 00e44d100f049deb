// The agent's incoming pop-up (003) or AI hand-off card with its summary (002).
import { type EngineState, getCall, type OfferCard, offerCards } from './core.js';
import { useCallback } from './react.js';
import { itemsEqual } from './equality.js';
import { useDesk, useEngine } from './provider.js';
import { useSelector } from './useSelector.js';

/**
 * An offer card without a frozen `remainingMs`: the card changes only when the
 * offer does, and the countdown is `useCountdown(offer.ringDeadline)` in the
 * component that shows it, so a tick re-renders that and nothing else.
 */
export type Offer = Omit<OfferCard, 'remainingMs'> & { ringDeadline?: number };

export function useOffers(): Offer[] {
  const desk = useDesk();
  const engine = useEngine();
  const select = useCallback((state: EngineState) => offerCards(state, desk.config, engine.now()).map(({ remainingMs: _, ...card }) => {
    const ringDeadline = getCall(state, card.callId)?.ringDeadline;
    return ringDeadline === undefined ? card : { ...card, ringDeadline };
  }), [desk, engine]);
  return useSelector(select, itemsEqual);
}
