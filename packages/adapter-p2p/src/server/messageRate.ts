// How many messages one signaling connection may send: a token bucket, so a
// call's bursts (an offer and its trickled candidates) pass while a client
// that floods the server is refused before its messages are parsed, queued
// behind authorization or relayed to the other member.
export interface MessageRateOptions {
  /** Messages a connection may send at once. */
  burst: number;
  /** Messages per second the bucket refills with. */
  perSecond: number;
}

export interface MessageRate {
  /** True if one more message fits now, and counts it. */
  take(): boolean;
}

export function createMessageRate({ burst, perSecond }: MessageRateOptions, now: () => number = performance.now.bind(performance)): MessageRate {
  let tokens = burst;
  let refilledAt = now();
  return {
    take() {
      const at = now();
      tokens = Math.min(burst, tokens + ((at - refilledAt) / 1_000) * perSecond);
      refilledAt = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
