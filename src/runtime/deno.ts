import { getConnInfo, upgradeWebSocket } from 'hono/deno';
import { bootstrap } from './bootstrap.ts';

const server = await bootstrap();
const { hostname, port } = server.cli;
const app = server.createApp({
  upgradeWebSocket,
  bufferedAmount: (raw) => (raw as WebSocket).bufferedAmount,
  // Deno has no abortive close: the close frame waits behind the data the client does not read,
  // and the connection stays open until that client reads or goes away (docs/limits.md).
  terminate: (raw) => (raw as WebSocket).close(1008, 'connection too slow to keep up with messages'),
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
