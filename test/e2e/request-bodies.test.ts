import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME, startServer, type TestServer } from '../support/server.ts';

const READ_LIMIT = 64 * 1024;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ settings: { WebSocketReadLimit: READ_LIMIT } });
});
afterAll(async () => {
  await server.stop();
});

interface RawReply {
  status: number;
  connection: string | undefined;
  body: string;
}

/**
 * POST `parts` with node:http, which lets a test see the Connection header and reuse a connection
 * on purpose. Without `length` the body goes out chunked. The server may stop reading once it has
 * answered, so a write error after the answer is expected.
 */
function post(path: string, parts: string[], opts: { agent?: Agent; length?: number } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      method: 'POST',
      agent: opts.agent ?? false,
      headers: {
        'Content-Type': 'application/json',
        ...(opts.length === undefined ? {} : { 'Content-Length': String(opts.length) }),
      },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    for (const part of parts) req.write(part);
    req.end();
  });
}

/** On Workers the platform owns HTTP connections: the server cannot ask for one to be closed. */
const onWorker = RUNTIME === 'worker';
const workerSkip = (name: string) => (onWorker ? `${name} [Node/Bun/Deno only: Workers own their HTTP connections]` : name);

/** Whether the reply's Connection header lists `close` (Deno adds its own beside ours: `close, close`). */
const closes = (reply: RawReply) => reply.connection?.split(/,\s*/).includes('close') ?? false;
const pad = (bytes: number) => 'x'.repeat(bytes);
const pollTooLarge = (reply: RawReply) => {
  expect(reply.status).toBe(413);
  expect(JSON.parse(reply.body)).toEqual({
    messages: [{ action: 'error', username: 'ChatServer', message: `Request body is too large (limit ${READ_LIMIT} bytes)` }],
  });
};

describe('request bodies over their limit', () => {
  it.skipIf(onWorker)(
    workerSkip('/poll answers a chunked body over WebSocketReadLimit with 413 in the poll shape, and closes the connection'),
    async () => {
      const reply = await post('/poll', [
        '{"username": "big", "msg": {"action": "message", "message": "',
        pad(READ_LIMIT),
        '"}}',
      ]);
      pollTooLarge(reply);
      expect(closes(reply)).toBe(true);
    },
  );

  it.skipIf(onWorker)(
    workerSkip('/poll answers a declared length over WebSocketReadLimit with 413 before reading it, and closes the connection'),
    async () => {
      const body = `{"username": "big", "pad": "${pad(READ_LIMIT)}"}`;
      const reply = await post('/poll', [body], { length: body.length });
      pollTooLarge(reply);
      expect(closes(reply)).toBe(true);
    },
  );

  it('/poll still takes a body just under its limit', async () => {
    const head = '{"username": "", "msg": {"action": "ping", "pad": "';
    const body = `${head}${pad(READ_LIMIT - head.length - 3)}"}}`;
    expect(body.length).toBe(READ_LIMIT);
    const reply = await post('/poll', [body]);
    expect(reply.status).not.toBe(413);
  });

  it.skipIf(onWorker)(workerSkip('an API body left unread costs no later request sent on the same connection'), async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const megabyte = pad(1024 * 1024);
    const [big, next] = await Promise.all([
      post('/api/authenticate', ['{"Pad": "', megabyte, megabyte, '"}'], { agent }),
      post('/api/authenticate', ['{}'], { agent }),
    ]);
    agent.destroy();
    expect(big.status).toBe(413);
    expect(closes(big)).toBe(true);
    expect(next.status).toBe(401);
  });
});
