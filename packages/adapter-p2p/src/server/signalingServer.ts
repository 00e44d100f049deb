// The reference signaling server: WebSocket (ws) on Node, rooms per call,
// joined only with a token that `authorize` accepts. Every frame is parsed
// before it is looked at; a bad one is answered with a typed error and the
// connection stays up.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientMessageSchema, type ClientMessage, parseFrame, type ServerMessage } from '../signaling/messages.js';
import { createMessageRate, type MessageRateOptions } from './messageRate.js';
import { createRooms, type Member } from './rooms.js';

/** What `ws` accepts at all (a bigger frame closes the connection, 1009); up to it, parseFrame answers an oversized one. */
const frameLimitBytes = 1024 * 1024;

export interface SignalingServerOptions {
  /** Decides whether `token` opens `room`. Throwing or rejecting counts as no. */
  authorize(token: string, room: string): boolean | Promise<boolean>;
  /** Listen here (default 127.0.0.1 and a free port) ... */
  host?: string;
  port?: number;
  /** ... or share an existing HTTP server (e.g. the demo's dev server), listening yet or not. */
  server?: HttpServer;
  /** Only upgrade requests for this path; on a shared server, upgrades for other paths are left to their owners. */
  path?: string;
  /**
   * A member that stops reading (a stalled tab, a hostile client) is cut off
   * once this much sent to it waits unsent, rather than held in memory: it
   * leaves its rooms as lost and its adapter rejoins. Default 1 MB.
   */
  sendBufferBytes?: number;
  /** Per connection; messages beyond it are dropped unread. Default a burst of 200 and 50 per second. */
  messageRate?: MessageRateOptions;
  /**
   * How often each connection is pinged; one that has not answered the last
   * ping by the next is closed, and leaves its rooms. A connection that died
   * without a close (Wi-Fi switch, a laptop lid) would otherwise hold its place
   * in a room, and its member's reconnect would find the room full. Default 15 s.
   */
  heartbeatMs?: number;
  /** An `authorize` that has not answered by then counts as no: it holds up that connection's later messages. Default 10 s. */
  authorizeTimeoutMs?: number;
}

export interface SignalingServer {
  /** `ws://host:port/path`; with `server`, the port of that server. */
  readonly url: string;
  readonly port: number;
  /** Open rooms (for tests and health checks). */
  readonly rooms: number;
  close(): Promise<void>;
}

let memberIds = 0;

export async function createSignalingServer(options: SignalingServerOptions): Promise<SignalingServer> {
  const host = options.host ?? '127.0.0.1';
  const shared = options.server;
  // On a shared server ws's own `server` option would answer every other path's upgrade with a 400 (an app's
  // socket, a dev server's hot reload): upgrades are picked by path here instead.
  const wss = shared
    ? new WebSocketServer({ noServer: true, maxPayload: frameLimitBytes })
    : new WebSocketServer({ host, port: options.port ?? 0, path: options.path, maxPayload: frameLimitBytes });
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (options.path !== undefined && new URL(request.url ?? '/', 'http://localhost').pathname !== options.path) return;
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
  };
  if (shared) shared.on('upgrade', upgrade);
  else await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const sendBufferBytes = options.sendBufferBytes ?? 1024 * 1024;
  const rooms = createRooms();
  const messageRate = options.messageRate ?? { burst: 200, perSecond: 50 };
  const answered = new WeakMap<WebSocket, boolean>();
  const closed = new WeakSet<Member>();
  const authorizeTimeoutMs = options.authorizeTimeoutMs ?? 10_000;
  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (answered.get(client) === false) {
        client.terminate();
        continue;
      }
      answered.set(client, false);
      client.ping();
    }
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref?.();

  wss.on('connection', (socket: WebSocket) => {
    answered.set(socket, true);
    socket.on('pong', () => answered.set(socket, true));
    const member: Member = {
      id: ++memberIds,
      send: (message: ServerMessage) => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > sendBufferBytes) return socket.terminate();
        socket.send(JSON.stringify(message));
      },
    };
    // One message at a time per connection, so a ring sent right after a join
    // waits for the (possibly asynchronous) authorization of that join.
    let pending = Promise.resolve();
    const rate = createMessageRate(messageRate);
    let refusedAt = -Infinity;
    socket.on('message', (data, isBinary) => {
      if (!rate.take()) {
        // Said at most once a second: answering every dropped message would be a flood of its own.
        if (performance.now() - refusedAt >= 1_000) {
          refusedAt = performance.now();
          member.send({ type: 'error', code: 'rateLimited', message: `More than ${messageRate.perSecond} messages per second; dropped` });
        }
        return;
      }
      pending = pending.then(() => receive(member, isBinary ? undefined : data.toString()));
    });
    // 1006 is a connection that died (no close frame; the heartbeat's terminate too). Any other code
    // was a close on purpose: a closed tab or a reload says 1001, a client's close() 1000 or 1005.
    // At once, not behind a pending authorize: the others must hear the member has gone.
    socket.on('close', (code: number) => {
      closed.add(member);
      rooms.leaveAll(member, code === 1006 ? 'lost' : 'left');
    });
    socket.on('error', () => socket.terminate());
  });

  async function receive(member: Member, raw: string | undefined): Promise<void> {
    if (closed.has(member)) return;
    if (raw === undefined) return member.send({ type: 'error', code: 'malformed', message: 'Binary frames are not signaling messages' });
    const parsed = parseFrame(clientMessageSchema, raw);
    if (!parsed.ok) return member.send({ type: 'error', code: parsed.code, message: parsed.message });
    const message: ClientMessage = parsed.message;
    if (message.type !== 'join') return rooms.handle(member, message);
    const allowed = await authorized(message.token, message.room);
    // The connection closed while its join was being authorized: it has left every room already.
    if (closed.has(member)) return;
    if (!allowed) return member.send({ type: 'error', room: message.room, code: 'unauthorized', message: `The token does not open room ${message.room}` });
    rooms.join(member, message.room, message.party, message.answered);
  }

  async function authorized(token: string, room: string): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(resolve, authorizeTimeoutMs, false);
    });
    try {
      return (await Promise.race([Promise.resolve().then(() => options.authorize(token, room)), timeout])) === true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  const urlHost = host.includes(':') ? `[${host}]` : host;
  // Read when asked: a shared server may start listening after this returns.
  const port = () => ((shared ? shared.address() : wss.address()) as AddressInfo | null)?.port ?? 0;
  return {
    get url() {
      return `ws://${urlHost}:${port()}${options.path ?? ''}`;
    },
    get port() {
      return port();
    },
    get rooms() {
      return rooms.size;
    },
    close() {
      clearInterval(heartbeat);
      shared?.off('upgrade', upgrade);
      for (const client of wss.clients) client.terminate();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
