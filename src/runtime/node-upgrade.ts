import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { addressOf } from '../http/client-address.ts';
import { ChatSocket, refuseUpgrade, type ChatSocketOptions } from '../http/ws.ts';
import { CoalescingWebSocket } from './node-sockets.ts';

/** Node's chat socket: the `ws` socket carries its ChatSocket, so its listeners need no closures. */
export class ChatWebSocket extends CoalescingWebSocket {
  chat: ChatSocket | undefined = undefined;
}

/**
 * Node's `/ws`: upgrade with `ws` straight from the HTTP server's `upgrade` event, with the same
 * refusals as the Hono route on other runtimes. Hono's helper would keep each connection's request
 * context (request, headers, URLs) alive as long as the socket: most of an idle connection's
 * memory (bench/RESULTS.md). `wss` must be made with `WebSocket: ChatWebSocket`.
 */
export function acceptChatSockets(http: Server, wss: WebSocketServer, opts: ChatSocketOptions): void {
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (pathOf(req.url) !== '/ws') return refuse(socket, 404, '404 page not found');
    const refused = refuseUpgrade(header, opts.logger);
    if (refused) return refuse(socket, refused.status, refused.text);
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
  (this as ChatWebSocket).chat?.received(isBinary ? data : data.toString('utf8'));
}

function onClose(this: WebSocket): void {
  (this as ChatWebSocket).chat?.closed();
}

function pathOf(url: string | undefined): string {
  const path = url ?? '';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

/** An HTTP answer on a socket that asked to upgrade, then the end of it. */
function refuse(socket: Duplex, status: number, text: string): void {
  // Node's HTTP server stops watching a socket's errors once it is handed to `upgrade`.
  socket.on('error', () => socket.destroy());
  const body = Buffer.from(text);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      `Content-Type: text/plain; charset=UTF-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${text}`,
  );
}
