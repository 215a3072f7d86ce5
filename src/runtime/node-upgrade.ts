import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { addressOf } from '../http/client-address.ts';
import { ChatSocket, refuseUpgrade, type ChatSocketOptions } from '../http/ws.ts';
import { CoalescingWebSocket, socketOf } from '../adapters/node-fanout.ts';

/** Node's chat socket: the `ws` socket carries its ChatSocket, so its listeners need no closures. */
export class ChatWebSocket extends CoalescingWebSocket {
  chat: ChatSocket | undefined = undefined;

  /**
   * Reset the TCP connection (Peer.terminate). ws's own terminate() ends it with a FIN, which the
   * kernel queues behind the unread data: the connection would linger there, unread, for minutes.
   */
  reset(): void {
    const socket = socketOf(this);
    if (socket && !socket.destroyed) socket.resetAndDestroy();
    else this.terminate();
  }
}

/**
 * Node's `/ws`: a chat socket is upgraded with `ws` straight from the HTTP server's `upgrade`
 * event. Hono's helper would keep each connection's request context (request, headers, URLs)
 * alive as long as the socket: most of an idle connection's memory (bench/RESULTS.md). Every
 * other request with an `Upgrade` header (a refused `/ws`, `h2c`, any other path) is answered by
 * the app as the plain request it also is, as on Bun and Deno. `wss` must be made with
 * `WebSocket: ChatWebSocket`.
 */
export function acceptChatSockets(http: Server, wss: WebSocketServer, opts: ChatSocketOptions): void {
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (pathOf(req.url) !== '/ws' || refuseUpgrade(header)) return answerOverHttp(http, req, socket as Socket);
    const address = addressOf(header, opts.settings().UseXForwardedFor, () => req.socket.remoteAddress ?? '');
    const userAgent = header('user-agent') ?? '';
    wss.handleUpgrade(req, socket, head, (ws) => serveChatSocket(ws as ChatWebSocket, opts, address, userAgent));
  });
}

/** Outside the upgrade listener, so nothing the socket keeps can reach the upgrade request. */
function serveChatSocket(ws: ChatWebSocket, opts: ChatSocketOptions, address: string, userAgent: string): void {
  ws.chat = new ChatSocket(opts, ws, ws);
  ws.on('message', onMessage);
  ws.on('close', onClose);
  // ws reports protocol errors (a frame over maxPayload, say) here before it closes the socket.
  ws.on('error', onClose);
  ws.chat.opened(address, userAgent);
}

// ws calls its listeners with the socket as `this`, typed as its own WebSocket class.
function onMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
  void (this as ChatWebSocket).chat?.received(isBinary ? data : data.toString('utf8'));
}

function onClose(this: WebSocket): void {
  (this as ChatWebSocket).chat?.closed();
}

function pathOf(url: string | undefined): string {
  const path = url ?? '';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

/** Hand an upgrade request to the server's request handler, with a response on its socket, then close. */
function answerOverHttp(http: Server, req: IncomingMessage, socket: Socket): void {
  // Node's HTTP server stops watching a socket's errors once it is handed to `upgrade`.
  socket.on('error', () => socket.destroy());
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket);
  res.on('finish', () => {
    res.detachSocket(socket);
    socket.end();
  });
  http.emit('request', req, res);
}
