// What the backend tells the visitor page outside calls: who the visitor is,
// the assistant's conversation and its state, which agent is joining, and a
// callback request. Kept with useSyncExternalStore so any screen can read it.
import { useSyncExternalStore } from 'react';
import type { BackendClient, ChatLine, VisitorEvent } from '../shared/backendClient.js';

export interface Joining {
  callId: string;
  /** The visitor's call with the assistant that the person takes over. */
  forCallId: string;
  agent: { id: string; name: string; avatarUrl: string };
  media: 'audio' | 'video';
}

export interface AssistantView {
  name: string;
  number: string;
  state: 'idle' | 'talking' | 'waitingForPerson' | 'noOneOnDuty' | 'ended';
  lines: ChatLine[];
  joining?: Joining;
  /** Calls that continue a transfer: answered without asking again. */
  transferred: string[];
  callbackNumber?: string;
}

export interface AssistantStore {
  get(): AssistantView;
  subscribe(listener: () => void): () => void;
  clearJoining(): void;
}

export function createAssistantStore(backend: BackendClient<VisitorEvent>): AssistantStore {
  let view: AssistantView = { name: '', number: '', state: 'idle', lines: [], transferred: [] };
  const listeners = new Set<() => void>();
  const set = (next: AssistantView) => {
    view = next;
    for (const listener of listeners) listener();
  };
  backend.onEvent((event) => {
    switch (event.type) {
      case 'welcome': return set({ ...view, name: event.name, number: event.number });
      case 'chat': return set({ ...view, lines: [...view.lines, event.line] });
      case 'assistantState': {
        const { joining: _, ...rest } = view;
        return set({ ...(event.state === 'ended' ? rest : view), state: event.state, ...(event.state === 'talking' ? { lines: [] } : {}) });
      }
      case 'personJoining': return set({ ...view, joining: { callId: event.callId, forCallId: event.forCallId, agent: event.agent, media: event.media } });
      case 'incomingCall': return event.transferred ? set({ ...view, transferred: [...view.transferred, event.callId] }) : undefined;
      case 'callbackRequested': return set({ ...view, callbackNumber: event.callback.customer.number });
    }
  });
  return {
    get: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clearJoining() {
      const { joining: _, ...rest } = view;
      set(rest);
    },
  };
}

export function useAssistant(store: AssistantStore): AssistantView {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
