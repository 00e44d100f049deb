import type { Observable } from 'rxjs';
import type { SignalingError } from './errors.js';
import type { ClientMessage, ServerMessage } from './messages.js';

/**
 * How the adapter reaches the other side before (and besides) the peer
 * connection. `createWebSocketSignaling` is the shipped implementation; any
 * transport that carries these messages in order will do.
 */
export interface SignalingPort {
  /** Sends now, or once the transport is (re)open. */
  send(message: ClientMessage): void;
  /** Validated inbound messages only. */
  readonly messages$: Observable<ServerMessage>;
  /** Dropped inbound messages and transport failures. */
  readonly errors$: Observable<SignalingError>;
  /** Emits each time the transport opens, so that rooms can be joined again after a drop. */
  readonly opened$: Observable<void>;
  close(): void;
}
