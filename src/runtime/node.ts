import { getConnInfo } from '@hono/node-server/conninfo';
import type { Server } from 'node:http';
import { serve, upgradeWebSocket } from '@hono/node-server';
import { WebSocketServer, type WebSocket } from 'ws';
import { bootstrap } from './bootstrap.ts';
import { CoalescingWebSocket, NodeFanout } from './node-sockets.ts';

const server = await bootstrap({ fanout: new NodeFanout() });
const { hostname, port } = server.cli;
const wss = new WebSocketServer({
  noServer: true,
  maxPayload: server.settings().WebSocketReadLimit,
  perMessageDeflate: false,
  WebSocket: CoalescingWebSocket,
});
const app = server.createApp({
  upgradeWebSocket,
  bufferedAmount: (raw) => (raw as WebSocket).bufferedAmount,
  remoteAddress: (c) => getConnInfo(c).remote.address ?? '',
});
const http = <Server>serve({ fetch: app.fetch, hostname, port, websocket: { server: wss } }, (info) => {
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
