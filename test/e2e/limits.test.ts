import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Msg } from '../support/client.ts';
import { joinAll, notice } from '../support/joined.ts';
import { RUNTIME, startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let patient: TestServer;
beforeAll(async () => {
  [server, patient] = await Promise.all([
    startServer({ settings: { WebSocketSendTimeout: 2 } }),
    startServer({ settings: { WebSocketSendTimeout: 600 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([server.stop(), patient.stop()]);
});

const slowDown = (m: Msg) => notice(m) && String(m.message).includes('too quickly');

describe('flood limits', () => {
  it('answers a flood of chat from one client with an error and recovers, without crashing', async () => {
    const [flooder, other] = await joinAll(server.wsUrl, ['flooder', 'flood-witness']);
    for (let i = 0; i < 200; i++) flooder!.send({ action: 'message', channel: 'lobby', message: `spam ${i}` });
    await flooder!.next(slowDown);
    await other!.next((m) => m.action === 'message' && m.message === '<p>spam 0</p>');
    await other!.nothing((m) => m.action === 'message' && m.message === '<p>spam 199</p>', 500);
    await new Promise((r) => setTimeout(r, 1500));
    flooder!.send({ action: 'message', channel: 'lobby', message: 'calm again' });
    await other!.next((m) => m.action === 'message' && m.message === '<p>calm again</p>');
    expect((await fetch(`${server.url}/api/statistics`)).status).toBe(200);
    flooder!.close();
    other!.close();
  });

  it('limits a flood of any frames, including ones that are not chat', async () => {
    const [flooder] = await joinAll(server.wsUrl, ['frame-flooder']);
    for (let i = 0; i < 1000; i++) flooder!.send({ action: 'ping' });
    await flooder!.next(slowDown);
    flooder!.close();
  });
});

// Workers do not say how much a socket has queued (no bufferedAmount); wrangler-notes.md says what applies there.
describe.skipIf(RUNTIME === 'worker')(
  'clients that stop reading [Node/Bun/Deno only: Workers sockets report no buffered amount]',
  () => {
    /**
     * The close a stalled client sees once it reads again: the connection was cut without a close
     * frame (1006), except on Deno, which can only close politely (slow-reader.test.ts).
     */
    const CUT_OFF = RUNTIME === 'deno' ? 1008 : 1006;

    /**
     * Pause one client's socket, then share a big image every `pauseMs` until the server lets it go;
     * returns its close code.
     */
    async function stall(target: TestServer, prefix: string, pauseMs: number): Promise<number> {
      const [sender, slow, fast] = await joinAll(target.wsUrl, [`${prefix}-sender`, `${prefix}-slow`, `${prefix}-fast`]);
      const socket = (slow!.ws as unknown as { _socket: Socket })._socket;
      socket.pause();
      const image = await sharp(randomBytes(1000 * 1000 * 3), { raw: { width: 1000, height: 1000, channels: 3 } })
        .png()
        .toBuffer();
      const isExit = (m: Msg) =>
        m.action === 'presence' && m.username === `${prefix}-slow` && m.message === 'has exited the room!';
      for (let n = 1; !fast!.received.some(isExit); n++) {
        if (n > 20) throw new Error('the stalled client was never disconnected');
        sender!.send({ action: 'file', channel: 'offtopic', message: `big-${n}.png`, bytes: image.toString('base64') });
        await fast!.next((m) => m.action === 'message' && m.username === `${prefix}-sender`, 30_000);
        await new Promise((r) => setTimeout(r, pauseMs));
      }
      sender!.send({ action: 'message', channel: 'lobby', message: 'still flowing' });
      await fast!.next((m) => m.action === 'message' && m.message === '<p>still flowing</p>');
      socket.resume();
      const { code } = await slow!.closed;
      sender!.close();
      fast!.close();
      return code;
    }

    it('cuts off a client that stops reading after WebSocketSendTimeout, while everyone else keeps chatting', async () => {
      // Slow enough that the unread bytes stay under the buffer bound until the timeout fires, even
      // on a loaded machine.
      expect(await stall(server, 'stall', 1000)).toBe(CUT_OFF);
      expect(server.output()).toMatch(/stall-slow#\d+ has not read its messages for 2s; disconnecting/);
    }, 60_000);

    it('cuts off a client whose unread messages pass the send buffer bound', async () => {
      expect(await stall(patient, 'bound', 500)).toBe(CUT_OFF);
      expect(patient.output()).toMatch(/bound-slow#\d+ is not reading its messages; disconnecting/);
    }, 90_000);
  },
);
