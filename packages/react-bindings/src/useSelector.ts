// The one subscription primitive: useSyncExternalStore over the engine, with
// the selection cached per state and kept by reference while `equals` says it
// is unchanged, so a component re-renders only when its slice changes.
import type { EngineState } from './core.js';
import { useEffect, useMemo, useRef, useSyncExternalStore } from './react.js';
import { useEngine } from './provider.js';

export type Equality<T> = (a: T, b: T) => boolean;

export function useSelector<T>(selector: (state: EngineState) => T, equals: Equality<T> = Object.is): T {
  const engine = useEngine();
  // The selection last rendered: a selector recreated on every render (an
  // inline arrow) still hands back the same reference when the value is equal.
  const rendered = useRef<{ value: T } | undefined>(undefined);
  const getSelection = useMemo(() => {
    let seen: EngineState | undefined;
    let kept: { value: T } | undefined;
    return (): T => {
      const state = engine.getSnapshot();
      // React asks several times per render; the same state must give the same reference.
      if (kept && state === seen) return kept.value;
      const next = selector(state);
      const previous = kept ?? rendered.current;
      seen = state;
      kept = previous && equals(previous.value, next) ? previous : { value: next };
      return kept.value;
    };
  }, [engine, selector, equals]);
  // The server render and hydration read the same engine the integrator created for them.
  const value = useSyncExternalStore(engine.subscribe, getSelection, getSelection);
  useEffect(() => {
    rendered.current = { value };
  });
  return value;
}
