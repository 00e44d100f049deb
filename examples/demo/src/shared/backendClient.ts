// The page's side of the demo backend channel: commands as JSON POSTs, events
// from one server-sent event stream (EventSource reconnects by itself).
import type {
  AgentCard, AgentEvent, CallbackRecord, ChatLine, Command, CommandResult, RecordingMeta, RoomRole, VisitorCard, VisitorEvent,
} from '../../server/protocol.js';

export type { AgentCard, AgentEvent, CallbackRecord, ChatLine, Command, CommandResult, RecordingMeta, RoomRole, VisitorCard, VisitorEvent };

export interface BackendClient<E> {
  command(command: Command): Promise<CommandResult>;
  /** Every event from the stream; returns the unsubscribe. */
  onEvent(listener: (event: E) => void): () => void;
  close(): void;
}

export function createBackendClient<E extends { type: string }>(query: string): BackendClient<E> {
  const listeners = new Set<(event: E) => void>();
  const source = new EventSource(`/api/events?${query}`);
  source.onmessage = (message: MessageEvent<string>) => {
    let event: E;
    try {
      event = JSON.parse(message.data) as E;
    } catch {
      return;
    }
    for (const listener of listeners) listener(event);
  };
  return {
    async command(command) {
      try {
        const response = await fetch('/api/command', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(command) });
        return (await response.json()) as CommandResult;
      } catch (error) {
        return { ok: false, error: `The demo server did not answer (${error instanceof Error ? error.message : String(error)})` };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => source.close(),
  };
}
