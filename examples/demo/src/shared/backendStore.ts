// A value a page keeps from one kind of backend event (People, visitors on
// the site), in the shape useSyncExternalStore reads.
import type { BackendClient } from './backendClient.js';

export interface BackendStore<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

export function createBackendStore<E extends { type: string }, K extends E['type'], T>(
  backend: BackendClient<E>, type: K, initial: T, read: (event: Extract<E, { type: K }>) => T,
): BackendStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  backend.onEvent((event) => {
    if (event.type !== type) return;
    value = read(event as Extract<E, { type: K }>);
    for (const listener of listeners) listener();
  });
  return {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
