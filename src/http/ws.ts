import type { Context, Hono } from 'hono';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import type { Fanout, Logger, Peer } from '../core/ports.ts';
import type { Room } from '../core/room.ts';
import type { Session } from '../core/session.ts';
import type { Settings } from '../settings/schema.ts';
import { clientAddress } from './client-address.ts';

export interface WebSocketRouteOptions {
  room: Room;
  settings: () => Settings;
  logger: Logger;
  upgradeWebSocket: UpgradeWebSocket<unknown>;
  /** Bytes the runtime's socket has queued but not written; each runtime reads its own socket. */
  bufferedAmount: (raw: unknown) => number;
  /** The peer's socket address, from the runtime's connection info. */
  remoteAddress: (c: Context) => string;
  /** The runtime's one-to-many send, where it has one; members are the runtime's raw sockets. */
  fanout?: RuntimeFanout;
}

export interface RuntimeFanout extends Fanout {
  join(raw: unknown): void;
  leave(raw: unknown): void;
}

/** `/ws`: same-origin WebSocket upgrade feeding the room. */
export function registerWebSocket(app: Hono, opts: WebSocketRouteOptions): void {
  const { room, logger } = opts;
  app.get(
    '/ws',
    async (c, next) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        return c.text('This endpoint only accepts WebSocket connections.', 426);
      }
      const origin = c.req.header('origin');
      if (origin && !sameHost(origin, c.req.header('host'))) {
        logger.info(`refused a WebSocket from origin ${origin}`);
        return c.text('Could not accept websocket connection: request Origin does not match the Host.', 403);
      }
      await next();
    },
    opts.upgradeWebSocket((c) => {
      // Read the request now: some runtimes (Deno) close it once the socket is open.
      const address = clientAddress(c, opts.settings().UseXForwardedFor, opts.remoteAddress);
      const userAgent = c.req.header('user-agent') ?? '';
      let session: Session | undefined;
      // An exception escaping a socket callback would take the whole process down on some runtimes.
      const guard =
        <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
        (...args: A) => {
          try {
            fn(...args);
          } catch (err) {
            logger.error(`WebSocket ${name} handler failed: ${(err as Error).stack ?? String(err)}`);
          }
        };
      return {
        onOpen: guard('open', (_evt: Event, ws: WSContext<unknown>) => {
          session = room.connect(wrapPeer(ws, opts.bufferedAmount, opts.fanout), 'websocket', address);
          logger.info(`WebSocket connection from ${address} - ${userAgent}`);
        }),
        onMessage: guard('message', (evt: MessageEvent, ws: WSContext<unknown>) => {
          if (!session) return;
          const data = evt.data;
          if (typeof data !== 'string') {
            logger.debug(`ignoring a binary frame from ${session.label}`);
            return;
          }
          // Runtimes without a native read limit (Deno) are held to it here.
          if (data.length > opts.settings().WebSocketReadLimit) {
            ws.close(1009, 'message too big');
            room.disconnect(session);
            return;
          }
          room.receive(session, data);
        }),
        onClose: guard('close', () => {
          if (session) room.disconnect(session);
        }),
        onError: guard('error', () => {
          if (session) room.disconnect(session);
        }),
      };
    }),
  );
}

function wrapPeer(ws: WSContext<unknown>, bufferedAmount: (raw: unknown) => number, fanout: RuntimeFanout | undefined): Peer {
  const peer: Peer = {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    bufferedAmount: () => bufferedAmount(ws.raw),
  };
  if (fanout) {
    peer.joinFanout = () => fanout.join(ws.raw);
    peer.leaveFanout = () => fanout.leave(ws.raw);
  }
  return peer;
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host.toLowerCase() === (host ?? '').toLowerCase();
  } catch {
    return false;
  }
}
