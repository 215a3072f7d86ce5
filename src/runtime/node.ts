import { getConnInfo } from '@hono/node-server/conninfo';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ChatSocketOptions } from '../http/ws.ts';
import { bootstrap } from './bootstrap.ts';
import { NodeFanout } from '../adapters/node-fanout.ts';
import { acceptChatSockets, ChatWebSocket } from './node-upgrade.ts';

const fanout = new NodeFanout();
const server = await bootstrap({ fanout });
const { hostname, port } = server.cli;
const wss = new WebSocketServer({
  noServer: true,
  maxPayload: server.settings().WebSocketReadLimit,
  perMessageDeflate: false,
  WebSocket: ChatWebSocket,
});
const sockets: ChatSocketOptions = {
  room: server.room,
  settings: server.settings,
  logger: server.logger,
  bufferedAmount: (raw) => (raw as WebSocket).bufferedAmount,
  terminate: (raw) => (raw as ChatWebSocket).reset(),
  fanout,
};
const app = server.createApp({
  bufferedAmount: sockets.bufferedAmount,
  terminate: sockets.terminate,
  remoteAddress: (c) => getConnInfo(c).remote.address ?? '',
});
const http = <Server>serve({ fetch: app.fetch, hostname, port }, (info) => {
  server.listening(`http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`, async () => {
    // The room has sent every socket a close frame; give clients a moment to answer it so they
    // see a clean 1001 rather than a dropped connection, then cut whatever is left.
    const deadline = Date.now() + 3000;
    while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  });
});
acceptChatSockets(http, wss, sockets);
