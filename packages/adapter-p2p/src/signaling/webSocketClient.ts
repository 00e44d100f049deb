// The browser-side signaling client: one WebSocket per adapter, reopened
// after a drop, every inbound frame validated before anyone sees it.
import { Subject } from 'rxjs';
import { SignalingError } from './errors.js';
import { type ClientMessage, parseFrame, type ServerMessage, serverMessageSchema } from './messages.js';
import type { SignalingPort } from './port.js';

/** The part of the WebSocket API used here; Node's `ws` package provides it too. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface WebSocketSignalingOptions {
  /** e.g. `wss://example.com/signaling`. */
  url: string;
  /** Defaults to the global `WebSocket`; pass `ws`'s in Node 20 (its event types differ, hence the loose type). */
  WebSocket?: new (url: string) => object;
  /**
   * Wait before reopening a dropped connection. Default 1000 ms. Each failed
   * attempt in a row doubles it, up to `maxReopenDelayMs`; every wait is
   * 50–100 % of that, at random, so clients that lost a server together do not
   * all come back at the same instant.
   */
  reopenDelayMs?: number;
  /** The longest wait between attempts to a server that keeps refusing. Default 30 s. */
  maxReopenDelayMs?: number;
  /** Messages kept while the connection is down; older ones are dropped first. Default 256. */
  maxQueued?: number;
}

const open = 1;

export function createWebSocketSignaling(options: WebSocketSignalingOptions): SignalingPort {
  const Given = (options.WebSocket ?? (globalThis as { WebSocket?: new (url: string) => object }).WebSocket) as (new (url: string) => WebSocketLike) | undefined;
  if (!Given) throw new SignalingError('closed', 'No WebSocket implementation: pass options.WebSocket');
  const Socket = Given;
  const reopenDelayMs = options.reopenDelayMs ?? 1_000;
  const maxReopenDelayMs = Math.max(reopenDelayMs, options.maxReopenDelayMs ?? 30_000);
  /** Attempts in a row that closed without opening. */
  let failures = 0;
  const maxQueued = options.maxQueued ?? 256;
  const messages = new Subject<ServerMessage>();
  const errors = new Subject<SignalingError>();
  const opened = new Subject<void>();
  const queue: string[] = [];
  let socket: WebSocketLike | undefined;
  let closed = false;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;

  function connect(): void {
    const current = new Socket(options.url);
    socket = current;
    current.onopen = () => {
      failures = 0;
      opened.next();
      while (queue.length > 0 && current.readyState === open) current.send(queue.shift()!);
    };
    current.onmessage = ({ data }) => {
      if (typeof data !== 'string') {
        errors.next(new SignalingError('malformed', 'A binary signaling frame was dropped'));
        return;
      }
      const parsed = parseFrame(serverMessageSchema, data);
      if (parsed.ok) messages.next(parsed.message);
      else errors.next(new SignalingError(parsed.code, parsed.message));
    };
    current.onerror = () => undefined; // onclose follows and decides
    current.onclose = () => {
      if (socket !== current || closed) return;
      socket = undefined;
      errors.next(new SignalingError('closed', `The signaling connection to ${options.url} closed; reopening`));
      const step = Math.min(maxReopenDelayMs, reopenDelayMs * 2 ** Math.min(failures++, 30));
      reopenTimer = setTimeout(connect, step * (0.5 + Math.random() / 2));
    };
  }

  connect();

  return {
    send(message) {
      if (closed) return;
      const frame = JSON.stringify(message);
      if (socket?.readyState === open) socket.send(frame);
      else {
        queue.push(frame);
        if (queue.length > maxQueued) queue.shift();
      }
    },
    messages$: messages.asObservable(),
    errors$: errors.asObservable(),
    opened$: opened.asObservable(),
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(reopenTimer);
      socket?.close(1000, 'closed');
      socket = undefined;
      messages.complete();
      errors.complete();
      opened.complete();
    },
  };
}
