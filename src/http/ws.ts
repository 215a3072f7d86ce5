import type { Context, Hono } from 'hono';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import type { Fanout, Logger, Peer } from '../core/ports.ts';
import type { Room } from '../core/room.ts';
import type { Session, SessionSnapshot } from '../core/session.ts';
import type { Settings } from '../settings/schema.ts';
import { clientAddress } from './client-address.ts';

export interface ChatSocketOptions {
  room: Room;
  settings: () => Settings;
  logger: Logger;
  /** Bytes the runtime's socket has queued but not written; each runtime reads its own socket. */
  bufferedAmount: (raw: unknown) => number;
  /** Cut the runtime's socket at once, without a close handshake (see Peer.terminate). */
  terminate: (raw: unknown) => void;
  /** The runtime's one-to-many send, where it has one; members are the runtime's raw sockets. */
  fanout?: RuntimeFanout;
  /** Keep a session's snapshot with its socket, where the room persists sessions (a Durable Object). */
  persist?: (raw: unknown, snapshot: SessionSnapshot) => void;
}

export interface WebSocketRouteOptions extends ChatSocketOptions {
  /**
   * Hono's upgrade helper, for runtimes that upgrade through the app (Bun, Deno). Node upgrades
   * before a request reaches the app (src/runtime/node-upgrade.ts), so the route only refuses.
   */
  upgradeWebSocket?: UpgradeWebSocket<unknown>;
  /** The peer's socket address, from the runtime's connection info. */
  remoteAddress: (c: Context) => string;
}

export interface RuntimeFanout extends Fanout {
  join(raw: unknown): void;
  leave(raw: unknown): void;
}

export interface UpgradeRefusal {
  status: 403 | 426;
  text: string;
}

const NOT_AN_UPGRADE: UpgradeRefusal = { status: 426, text: 'This endpoint only accepts WebSocket connections.' };

/** Why a request to `/ws` may not become a chat socket, if it may not; the same on every runtime. */
export function refuseUpgrade(header: (name: string) => string | undefined): UpgradeRefusal | undefined {
  if (header('upgrade')?.toLowerCase() !== 'websocket') return NOT_AN_UPGRADE;
  const origin = header('origin');
  if (origin && !sameHost(origin, header('host'))) {
    return { status: 403, text: 'Could not accept websocket connection: request Origin does not match the Host.' };
  }
  return undefined;
}

/** The writing half of an open socket, as every runtime offers it. */
export interface SocketWriter {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * One chat socket's life in the room, the same on every runtime, and the room's Peer for it.
 * A class, not closures: an idle connection costs what it keeps, and methods are shared by all.
 * Nothing from the upgrade request is kept, so the request is freed once the socket opens. An
 * exception escaping a socket callback would take the whole process down on some runtimes, so
 * each event handler catches and logs.
 */
export class ChatSocket implements Peer {
  private session: Session | undefined;

  /** `raw` is the runtime's own socket object, for its buffered amount and its fan-out. */
  constructor(
    private readonly opts: ChatSocketOptions,
    private readonly socket: SocketWriter,
    private readonly raw: unknown,
  ) {}

  send(text: string): void {
    this.socket.send(text);
  }
  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }
  terminate(): void {
    this.opts.terminate(this.raw);
  }
  bufferedAmount(): number {
    return this.opts.bufferedAmount(this.raw);
  }
  joinFanout(): void {
    this.opts.fanout?.join(this.raw);
  }
  leaveFanout(): void {
    this.opts.fanout?.leave(this.raw);
  }
  /** The id of this socket's session, once it has one. */
  get sessionId(): number | undefined {
    return this.session?.id;
  }
  persist(snapshot: SessionSnapshot): void {
    this.opts.persist?.(this.raw, snapshot);
  }

  /** The socket outlived the room (a Durable Object woke from hibernation): rebuild its session silently. */
  restored(snapshot: SessionSnapshot): void {
    try {
      this.session = this.opts.room.restore(this, snapshot);
    } catch (err) {
      this.failed('restore', err);
    }
  }

  opened(address: string, userAgent: string): void {
    try {
      this.session = this.opts.room.connect(this, 'websocket', address);
      this.opts.logger.info(`WebSocket connection from ${address} - ${userAgent}`, { address, userAgent, route: '/ws' });
    } catch (err) {
      this.failed('open', err);
    }
  }

  /**
   * A frame's data: a string for a text frame, anything else for a binary one. Settles once the
   * room has handled it (a Durable Object waits, so the event lasts as long as its work).
   */
  received(data: unknown): Promise<void> | undefined {
    const { session, opts } = this;
    if (!session) return;
    try {
      if (typeof data !== 'string') {
        opts.logger.debug(`ignoring a binary frame from ${session.label}`);
        return;
      }
      // Runtimes without a native read limit (Deno) are held to it here.
      if (data.length > opts.settings().WebSocketReadLimit) {
        this.socket.close(1009, 'message too big');
        opts.room.disconnect(session);
        return;
      }
      // receive() settles only after the handler, and logs its failures itself.
      return opts.room.receive(session, data);
    } catch (err) {
      this.failed('message', err);
    }
  }

  closed(): void {
    try {
      if (this.session) this.opts.room.disconnect(this.session);
    } catch (err) {
      this.failed('close', err);
    }
  }

  private failed(event: string, err: unknown): void {
    this.opts.logger.error(`WebSocket ${event} handler failed: ${(err as Error).stack ?? String(err)}`);
  }
}

/** `/ws`: same-origin WebSocket upgrade feeding the room. */
export function registerWebSocket(app: Hono, opts: WebSocketRouteOptions): void {
  const refusal = (c: Context) => {
    const refused = refuseUpgrade((name) => c.req.header(name));
    if (refused?.status === 403) opts.logger.info(`refused a WebSocket from origin ${c.req.header('origin')}`);
    return refused;
  };
  const { upgradeWebSocket } = opts;
  if (!upgradeWebSocket) {
    // Node upgrades before a request reaches the app and passes on only what it refuses.
    app.get('/ws', (c) => {
      const refused = refusal(c) ?? NOT_AN_UPGRADE;
      return c.text(refused.text, refused.status);
    });
    return;
  }
  app.get(
    '/ws',
    async (c, next) => {
      const refused = refusal(c);
      if (refused) return c.text(refused.text, refused.status);
      await next();
    },
    upgradeWebSocket((c) => {
      // Read the request now: some runtimes (Deno) close it once the socket is open.
      const address = clientAddress(c, opts.settings().UseXForwardedFor, opts.remoteAddress);
      const userAgent = c.req.header('user-agent') ?? '';
      let chat: ChatSocket | undefined;
      return {
        onOpen: (_evt: Event, ws: WSContext<unknown>) => {
          chat = new ChatSocket(opts, ws, ws.raw);
          chat.opened(address, userAgent);
        },
        onMessage: (evt: MessageEvent) => chat?.received(evt.data),
        onClose: () => chat?.closed(),
        onError: () => chat?.closed(),
      };
    }),
  );
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host.toLowerCase() === (host ?? '').toLowerCase();
  } catch {
    return false;
  }
}
