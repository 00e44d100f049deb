// Where one-time links are marked used. A port, so several servers can share
// one store (a database row with a unique key, Redis SET NX); `consume` must
// be atomic: of two concurrent consumes of one id, exactly one returns true.
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';

export interface UsedLinkStore {
  /**
   * Marks the link used. True the first time for an id, false ever after.
   * `expiresAt` is when the link stops verifying anyway: the record can go then.
   */
  consume(linkId: string, expiresAt: number): boolean | Promise<boolean>;
}

/**
 * One process's store. JavaScript runs `consume` to completion before any
 * other, so check-and-set is atomic here. Records of expired links are
 * dropped as new ones arrive, so memory follows the live links only.
 */
export function createMemoryUsedLinkStore(options: { clock?: Clock } = {}): UsedLinkStore & { size(): number } {
  const clock = options.clock ?? systemClock;
  const used = new Map<string, number>();
  let nextSweepAt = 0;
  return {
    consume(linkId, expiresAt) {
      const now = clock.now();
      if (now >= nextSweepAt) {
        let earliest = Infinity;
        for (const [id, until] of used) {
          if (until <= now) used.delete(id);
          else earliest = Math.min(earliest, until);
        }
        nextSweepAt = earliest;
      }
      if (used.has(linkId)) return false;
      used.set(linkId, expiresAt);
      nextSweepAt = Math.min(nextSweepAt, expiresAt);
      return true;
    },
    size: () => used.size,
  };
}
