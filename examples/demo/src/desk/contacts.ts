// People (003) as the desk line holds them, for pickers; updated by the backend feed.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AgentEvent, BackendClient } from '../shared/backendClient.js';
import { type BackendStore, createBackendStore } from '../shared/backendStore.js';

export interface PeopleContact {
  id: string;
  name: string;
  number: string;
}

export type ContactsStore = BackendStore<PeopleContact[]>;

export function createContactsStore(backend: BackendClient<AgentEvent>): ContactsStore {
  return createBackendStore(backend, 'people', [] as PeopleContact[], (event) => event.contacts);
}

export const ContactsContext = createContext<ContactsStore | null>(null);

export function useContacts(): PeopleContact[] {
  const store = useContext(ContactsContext);
  const subscribe = store?.subscribe ?? (() => () => undefined);
  const get = store?.get ?? (() => empty);
  return useSyncExternalStore(subscribe, get, get);
}

const empty: PeopleContact[] = [];
