import { getConnInfo, upgradeWebSocket, websocket } from 'hono/bun';
import { bootstrap } from './bootstrap.ts';

/** The slice of Bun's API this entry uses, so it typechecks without Bun's global types. */
interface BunRuntime {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (req: Request, server: unknown) => Response | Promise<Response>;
    websocket: typeof websocket & { maxPayloadLength?: number; perMessageDeflate?: boolean };
  }): {
    port: number;
    hostname: string;
    stop(closeActive?: boolean): Promise<void>;
    publish(topic: string, data: string): number;
  };
}
declare const Bun: BunRuntime;

interface BunSocket {
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
}
/** Logged-in sockets subscribe to one topic; a broadcast that reaches all of them is one native publish. */
const TOPIC = 'room';
const server = await bootstrap({
  fanout: {
    join: (raw) => (raw as BunSocket).subscribe(TOPIC),
    leave: (raw) => (raw as BunSocket).unsubscribe(TOPIC),
    publish: (text) => void bunServer.publish(TOPIC, text),
  },
});
const { hostname, port } = server.cli;
const app = server.createApp({
  upgradeWebSocket,
  bufferedAmount: (raw) => (raw as { getBufferedAmount(): number }).getBufferedAmount(),
  terminate: (raw) => (raw as { terminate(): void }).terminate(),
  remoteAddress: (c) => getConnInfo(c).remote.address ?? '',
});
const bunServer = Bun.serve({
  hostname,
  port,
  fetch: app.fetch,
  websocket: { ...websocket, maxPayloadLength: server.settings().WebSocketReadLimit, perMessageDeflate: false },
});
server.listening(`http://${bunServer.hostname}:${bunServer.port}`, () => bunServer.stop(true));
