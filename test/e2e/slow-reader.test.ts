import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Msg } from '../support/client.ts';
import { joinAll } from '../support/joined.ts';
import { RawChatSocket, serverSideConnections } from '../support/raw-socket.ts';
import { RUNTIME, startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  // Flood limits lifted: the relays below are meant to pile up, not to be refused.
  server = await startServer({
    settings: { WebSocketSendTimeout: 2, FloodLimits: { FrameBurst: 100_000, FramesPerSecond: 100_000 } },
  });
});
afterAll(async () => {
  await server.stop();
});

/** How long the server may take to let go of a dropped socket: far less than ws's 30 s close handshake. */
const GONE_WITHIN_MS = 5000;

/** Whether no process holds the connection any more: forgotten, or an orphan the kernel finishes alone. */
function released(clientPort: number): boolean {
  const socket = serverSideConnections(server.port).get(clientPort);
  return socket === undefined || socket.inode === 0;
}

describe('a client that stops reading', () => {
  // Deno offers no abortive close: its close frame waits behind the unread data (docs/limits.md);
  // Workers sockets report no buffered amount, so a stalled reader is not detected there (wrangler-notes.md).
  it.skipIf(RUNTIME === 'deno' || RUNTIME === 'worker')(
    'is cut off at once: the server lets go of its connection, and everyone else keeps chatting [Node/Bun only: Deno has no abortive close; Workers sockets report no buffered amount]',
    async () => {
      const [sender, witness] = await joinAll(server.wsUrl, ['relay-sender', 'relay-witness']);
      const slow = await RawChatSocket.open(server.port);
      slow.send({ action: 'login', username: 'relay-stalled' });
      await slow.waitFor('"action":"me"');
      slow.stopReading();
      expect(serverSideConnections(server.port).get(slow.localPort)?.state).toBe('ESTABLISHED');

      // SDP-sized relays until the room gives up on the stalled reader.
      const description = JSON.stringify({ type: 'offer', sdp: 'v=0\r\n'.padEnd(60_000, 'a') });
      const isExit = (m: Msg) =>
        m.action === 'presence' && m.username === 'relay-stalled' && m.message === 'has exited the room!';
      for (let n = 0; !witness!.received.some(isExit); n++) {
        if (n > 2000) throw new Error('the stalled client was never disconnected');
        sender!.send({ action: 'sdp', username: 'relay-stalled', description });
        if (n % 20 === 19) await sender!.sync();
        if (n > 200) await new Promise((r) => setTimeout(r, 50));
      }
      const until = Date.now() + GONE_WITHIN_MS;
      while (!released(slow.localPort) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const left = serverSideConnections(server.port).get(slow.localPort);
      expect(released(slow.localPort), `server side still held: ${JSON.stringify(left)}`).toBe(true);

      sender!.send({ action: 'message', channel: 'lobby', message: 'still flowing' });
      await witness!.next((m) => m.action === 'message' && m.message === '<p>still flowing</p>');
      slow.destroy();
      sender!.close();
      witness!.close();
    },
    60_000,
  );
});
