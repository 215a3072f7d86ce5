import { getConnInfo, upgradeWebSocket, websocket } from 'hono/bun';
import { bootstrap } from './bootstrap.ts';

/** The slice of Bun's API this entry uses, so it typechecks without Bun's global types. */
interface BunRuntime {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (req: Request, server: unknown) => Response | Promise<Response>;
    websocket: typeof websocket & { maxPayloadLength?: number; perMessageDeflate?: boolean };
  }): { port: number; hostname: string; stop(closeActive?: boolean): Promise<void> };
}
declare const Bun: BunRuntime;

const server = await bootstrap();
const { hostname, port } = server.cli;
const app = server.createApp({
  upgradeWebSocket,
  bufferedAmount: (raw) => (raw as { getBufferedAmount(): number }).getBufferedAmount(),
  remoteAddress: (c) => getConnInfo(c).remote.address ?? '',
});
const bunServer = Bun.serve({
  hostname,
  port,
  fetch: app.fetch,
  websocket: { ...websocket, maxPayloadLength: server.settings().WebSocketReadLimit, perMessageDeflate: false },
});
server.listening(`http://${bunServer.hostname}:${bunServer.port}`, () => bunServer.stop(true));
