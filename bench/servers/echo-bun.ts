// Baseline for fan-out on Bun: every socket subscribes to one topic, every frame is published to it.
import { parseCli } from '../../src/runtime/cli.ts';

interface BunSocket {
  subscribe(topic: string): void;
}
interface BunServer {
  upgrade(req: Request): boolean;
  publish(topic: string, data: string | Uint8Array): number;
}
declare const Bun: {
  serve(options: {
    hostname: string;
    port: number;
    fetch(req: Request, server: BunServer): Response | undefined;
    websocket: { perMessageDeflate: boolean; open(ws: BunSocket): void; message(ws: BunSocket, data: string | Uint8Array): void };
  }): BunServer;
};

const { hostname, port } = parseCli(process.argv.slice(2), process.env);
const server = Bun.serve({
  hostname,
  port,
  fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response('WebSocket only', { status: 426 })),
  websocket: {
    perMessageDeflate: false,
    open: (ws) => ws.subscribe('all'),
    message: (_ws, data) => void server.publish('all', data),
  },
});
console.log(`Listening at http://${hostname}:${port}`);
