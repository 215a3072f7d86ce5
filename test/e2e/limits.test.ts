import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Msg } from '../support/client.ts';
import { joinAll, notice } from '../support/joined.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ settings: { WebSocketSendTimeout: 2 } });
});
afterAll(async () => {
  await server.stop();
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

describe('clients that stop reading', () => {
  it('disconnects a client that stops reading (code 1008) while everyone else keeps getting messages', async () => {
    const [sender, slow, fast] = await joinAll(server.wsUrl, ['stall-sender', 'stall-slow', 'stall-fast']);
    const socket = (slow!.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    const image = await sharp(randomBytes(1000 * 1000 * 3), { raw: { width: 1000, height: 1000, channels: 3 } }).png().toBuffer();
    const isExit = (m: Msg) => m.action === 'presence' && m.username === 'stall-slow' && m.message === 'has exited the room!';
    for (let n = 1; !fast!.received.some(isExit); n++) {
      if (n > 20) throw new Error('the stalled client was never disconnected');
      sender!.send({ action: 'file', channel: 'offtopic', message: `big-${n}.png`, bytes: image.toString('base64') });
      await fast!.next((m) => m.action === 'message' && m.username === 'stall-sender', 30_000);
      await new Promise((r) => setTimeout(r, 500));
    }
    sender!.send({ action: 'message', channel: 'lobby', message: 'still flowing' });
    await fast!.next((m) => m.action === 'message' && m.message === '<p>still flowing</p>');
    // Cut off by WebSocketSendTimeout (2 s without draining), not by the 16 MiB buffer bound.
    expect(server.output()).toMatch(/stall-slow#\d+ has not read its messages for 2s; disconnecting/);
    socket.resume();
    expect((await slow!.closed).code).toBe(1008);
    sender!.close();
    fast!.close();
  }, 60_000);
});
