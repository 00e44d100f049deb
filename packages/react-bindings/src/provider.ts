// The integrator creates the engine (and its adapter and media); the provider
// only hands it down. Written without JSX so the bundle needs no jsx-runtime.
import { type AgentDesk, type CallEngine, RinglineError } from './core.js';
import { createContext, createElement, type ReactNode, useContext, useMemo } from './react.js';
import { type TickScheduler, timeoutScheduler } from './scheduler.js';

export interface RinglineProviderProps {
  engine: CallEngine;
  /** The agent desk the engine was created with; the desk hooks (offers, wrap-up, transfer) need its config. */
  desk?: AgentDesk;
  /** What ticking hooks wait on; pass the engine's clock scheduler so countdowns run on the same time as the engine. */
  scheduler?: TickScheduler;
  /**
   * Server rendering: the engine time the markup was rendered at, sent along
   * with the page and given here on the client too, so ticking values
   * (durations, countdowns) hydrate as rendered and then tick on. Without it
   * a second between server and client is a hydration mismatch.
   */
  renderedAt?: number;
  children?: ReactNode;
}

interface Ringline {
  engine: CallEngine;
  desk: AgentDesk | undefined;
  scheduler: TickScheduler;
  renderedAt: number | undefined;
}

const RinglineContext = createContext<Ringline | null>(null);

export function RinglineProvider({ engine, desk, scheduler = timeoutScheduler, renderedAt, children }: RinglineProviderProps): ReactNode {
  if (typeof engine?.subscribe !== 'function') throw new RinglineError('invalidInput', 'RinglineProvider needs an engine from createCallEngine');
  const value = useMemo(() => ({ engine, desk, scheduler, renderedAt }), [engine, desk, scheduler, renderedAt]);
  return createElement(RinglineContext.Provider, { value }, children);
}

/** @internal The provider's value, for the hooks of this package. */
export function useRingline(): Ringline {
  const value = useContext(RinglineContext);
  if (!value) throw new RinglineError('invalidState', 'Ringline hooks need a <RinglineProvider> above them');
  return value;
}

export function useEngine(): CallEngine {
  return useRingline().engine;
}

/** The agent desk given to the provider; a clear error where a desk hook is used without one. */
export function useDesk(): AgentDesk {
  const { desk } = useRingline();
  if (!desk) throw new RinglineError('invalidState', 'Desk hooks need <RinglineProvider desk={desk}>');
  return desk;
}
