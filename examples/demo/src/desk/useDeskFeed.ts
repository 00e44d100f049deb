// Backend facts the desk shows that are not engine state: visitors on the
// site (to call them), the welcome (queues, numbers, policy) and People.
import { useSyncExternalStore } from 'react';
import type { AgentEvent, BackendClient, VisitorCard } from '../shared/backendClient.js';
import { type BackendStore, createBackendStore } from '../shared/backendStore.js';

export interface DeskFeed {
  visitors: VisitorCard[];
}

export type DeskFeedStore = BackendStore<DeskFeed>;

export function createDeskFeed(backend: BackendClient<AgentEvent>): DeskFeedStore {
  return createBackendStore(backend, 'visitors', { visitors: [] } as DeskFeed, (event) => ({ visitors: event.visitors }));
}

export function useDeskFeed(store: DeskFeedStore): DeskFeed {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
