// People (003) as the desk line holds them, for pickers; updated by the backend feed.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AgentEvent, BackendClient } from '../shared/backendClient.js';

export interface PeopleContact {
  id: string;
  name: string;
  number: string;
}

export interface ContactsStore {
  get(): PeopleContact[];
  subscribe(listener: () => void): () => void;
}

export function createContactsStore(backend: BackendClient<AgentEvent>): ContactsStore {
  let contacts: PeopleContact[] = [];
  const listeners = new Set<() => void>();
  backend.onEvent((event) => {
    if (event.type !== 'people') return;
    contacts = event.contacts;
    for (const listener of listeners) listener();
  });
  return {
    get: () => contacts,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const ContactsContext = createContext<ContactsStore | null>(null);

export function useContacts(): PeopleContact[] {
  const store = useContext(ContactsContext);
  const subscribe = store?.subscribe ?? (() => () => undefined);
  const get = store?.get ?? (() => empty);
  return useSyncExternalStore(subscribe, get, get);
}

const empty: PeopleContact[] = [];
