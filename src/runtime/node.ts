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
  server.listening(`http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`, () =>
    new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    }),
  );
});
