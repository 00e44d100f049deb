import type { DeskAdapter } from '../src/index.js';
import type { DeskHarness } from './deskSupport.js';

/**
 * The backend's side of a hand-off claim: the first claim for a call wins.
 * Each tab's claim is answered when the test says so, so any order of
 * answers between tabs can be played.
 */
export function createClaimArbiter() {
  const winners = new Map<string, string>();
  const waiting: { tab: number; callId: string; token: string; answer: (won: boolean) => void; lose: () => void }[] = [];
  return {
    winners,
    waiting,
    /** Gives a tab's adapter the claim method; its claims wait in `waiting`. */
    attach(h: DeskHarness, tab: number) {
      const claimHandoff: DeskAdapter['claimHandoff'] = (callId, token) => {
        // The claim reaches the backend now; only the answer travels back later.
        if (!winners.has(callId)) winners.set(callId, token);
        return new Promise<boolean>((resolve, reject) => waiting.push({ tab, callId, token, answer: resolve, lose: () => reject(new Error('timeout')) }));
      };
      Object.assign(h.adapter, { claimHandoff });
    },
    /** Answers the oldest waiting claim of this tab (or any tab). */
    answer(tab?: number): boolean {
      const index = waiting.findIndex((claim) => tab === undefined || claim.tab === tab);
      if (index < 0) return false;
      const [claim] = waiting.splice(index, 1);
      claim!.answer(winners.get(claim!.callId) === claim!.token);
      return true;
    },
    /** The answer to this tab's oldest claim is lost on the way back, after the backend recorded the claim. */
    lose(tab?: number): boolean {
      const index = waiting.findIndex((claim) => tab === undefined || claim.tab === tab);
      if (index < 0) return false;
      const [claim] = waiting.splice(index, 1);
      claim!.lose();
      return true;
    },
  };
}
