import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

const READ_LIMIT = 4096;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ settings: { WebSocketReadLimit: READ_LIMIT, UseXForwardedFor: true } });
});
afterAll(async () => {
  await server.stop();
});

/** A raw upgrade request, answered with a plain HTTP status and body when it is refused. */
function upgrade(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /ws', () => {
  it('answers a plain request with 426 Upgrade Required', async () => {
    const res = await fetch(`${server.url}/ws`);
    expect(res.status).toBe(426);
    expect(await res.text()).toBe('This endpoint only accepts WebSocket connections.');
  });

  it('refuses an upgrade from another site with 403 and says why', async () => {
    expect(await upgrade('/ws', { Origin: 'https://evil.example' })).toEqual({
      status: 403,
      body: 'Could not accept websocket connection: request Origin does not match the Host.',
    });
    await expect.poll(() => server.output()).toContain('refused a WebSocket from origin https://evil.example');
  });

  it('upgrades a same-site request, with or without an Origin', async () => {
    expect((await upgrade('/ws', { Origin: server.url })).status).toBe(101);
    expect((await upgrade('/ws', {})).status).toBe(101);
  });

  it('serves any other request that asks to upgrade as the plain request it also is', async () => {
    const ws = await upgrade('/api/statistics', {});
    expect(ws.status).toBe(200);
    expect(JSON.parse(ws.body)).toMatchObject({ UserCount: expect.any(Number) as number });
    const h2c = await upgrade('/api/statistics', { Upgrade: 'h2c', 'HTTP2-Settings': 'AAMAAABkAARAAAAAAAIAAAAA' });
    expect(h2c.status).toBe(200);
    expect((await upgrade('/ws', { Upgrade: 'h2c' })).status).toBe(426);
  });

  it('logs the first X-Forwarded-For hop when UseXForwardedFor is on', async () => {
    const c = await ChatClient.connect(server.wsUrl, {
      'X-Forwarded-For': '203.0.113.9, 10.0.0.1',
      'User-Agent': 'hop-test/1.0',
    });
    await c.login('forwarded');
    await expect.poll(() => server.output()).toContain('WebSocket connection from 203.0.113.9 - hop-test/1.0');
    c.close();
  });

  it('logs the address from X-Real-IP when UseXForwardedFor is on', async () => {
    const c = await ChatClient.connect(server.wsUrl, { 'X-Real-IP': '198.51.100.7', 'User-Agent': 'endpoint-test/1.0' });
    await c.login('proxied');
    await expect.poll(() => server.output()).toContain('WebSocket connection from 198.51.100.7 - endpoint-test/1.0');
    c.close();
  });

  it('ignores binary frames and keeps the connection', async () => {
    const c = await ChatClient.connect(server.wsUrl);
    await c.login('binary-sender');
    await c.whoList((names) => names.includes('binary-sender'));
    const before = c.received.length;
    c.ws.send(Buffer.from([1, 2, 3]));
    c.send({ action: 'message', channel: 'lobby', message: 'still here' });
    expect(await c.next((m) => m.action === 'message' && m.username === 'binary-sender')).toMatchObject({
      message: '<p>still here</p>',
    });
    // Read as text, the frame would have earned an error reply before the message came back.
    expect(c.received.slice(before).filter((m) => m.action === 'error')).toEqual([]);
    c.close();
  });

  it('closes a connection that sends a frame over WebSocketReadLimit and drops the user', async () => {
    const [big, watcher] = [await ChatClient.connect(server.wsUrl), await ChatClient.connect(server.wsUrl)];
    await big.login('oversized');
    await watcher.login('watcher');
    await watcher.whoList((names) => names.includes('oversized'));
    big.send({ action: 'message', channel: 'lobby', message: 'x'.repeat(READ_LIMIT) });
    expect((await big.closed).code).toBe(1009);
    await watcher.whoList((names) => !names.includes('oversized'));
    watcher.close();
  });
});
