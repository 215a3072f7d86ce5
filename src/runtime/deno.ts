import { getConnInfo, upgradeWebSocket } from 'hono/deno';
import { bootstrap } from './bootstrap.ts';

const server = await bootstrap();
const { hostname, port } = server.cli;
const app = server.createApp({
  upgradeWebSocket,
  bufferedAmount: (raw) => (raw as WebSocket).bufferedAmount,
  remoteAddress: (c) => getConnInfo(c).remote.address ?? '',
});
const denoServer = Deno.serve(
  {
    hostname,
    port,
    onListen: (addr) => server.listening(`http://${addr.hostname}:${addr.port}`, () => denoServer.shutdown()),
  },
  app.fetch,
);
