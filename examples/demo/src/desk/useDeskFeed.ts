// Backend facts the desk shows that are not engine state: visitors on the
// site (to call them), the welcome (queues, numbers, policy) and People.
import { useSyncExternalStore } from 'react';
import type { AgentEvent, BackendClient, VisitorCard } from '../shared/backendClient.js';

export interface DeskFeed {
  visitors: VisitorCard[];
}

export interface DeskFeedStore {
  get(): DeskFeed;
  subscribe(listener: () => void): () => void;
}

export function createDeskFeed(backend: BackendClient<AgentEvent>): DeskFeedStore {
  let feed: DeskFeed = { visitors: [] };
  const listeners = new Set<() => void>();
  backend.onEvent((event) => {
    if (event.type !== 'visitors') return;
    feed = { ...feed, visitors: event.visitors };
    for (const listener of listeners) listener();
  });
  return {
    get: () => feed,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useDeskFeed(store: DeskFeedStore): DeskFeed {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
