import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../support/api.ts';
import { freePort, startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

/** The website's profile webhook; the requested username picks its behaviour. */
const replies: Record<string, (res: ServerResponse) => void> = {
  soandso: (res) =>
    res.end(
      JSON.stringify({
        StatusCode: 200,
        Data: {
          OK: true,
          Error: '',
          Headline: 'Hello there',
          ProfileFields: [
            { Name: 'Age', Value: '30yo' },
            { Name: 'Gender', Value: 'Man' },
          ],
          Unknown: 1,
        },
      }),
    ),
  plain: (res) => res.end(JSON.stringify({ StatusCode: 200, Data: { OK: true } })),
  ghost: (res) => {
    res.statusCode = 404;
    res.end(JSON.stringify({ StatusCode: 404, Data: { OK: false, Error: 'User not found' } }));
  },
  garbled: (res) => res.end('<html>oops</html>'),
  slow: () => undefined,
};

let webhook: Server;
const received: unknown[] = [];
let server: TestServer;
let token: string;

beforeAll(async () => {
  webhook = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const payload = JSON.parse(body) as { Username: string };
      received.push(payload);
      replies[payload.Username]?.(res);
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => webhook.listen(port, '127.0.0.1', r));
  server = await startServer({
    settings: {
      JWT: { Enabled: true, SecretKey: SECRET },
      WebhookURLs: [{ Name: 'profile', Enabled: true, URL: `http://127.0.0.1:${port}/profile` }],
    },
  });
  token = await signToken({ sub: 'viewer' });
});
afterAll(async () => {
  await server.stop();
  webhook.closeAllConnections();
  await new Promise((r) => webhook.close(r));
});

const profile = (Username: string, JWTToken = token) => postJson(`${server.url}/api/profile`, { JWTToken, Username });

describe('POST /api/profile', { timeout: 40_000 }, () => {
  it('returns the profile card from the website’s webhook', async () => {
    expect(await profile('soandso')).toEqual({
      status: 200,
      body: {
        OK: true,
        Headline: 'Hello there',
        ProfileFields: [
          { Name: 'Age', Value: '30yo' },
          { Name: 'Gender', Value: 'Man' },
        ],
      },
    });
    expect(received.at(-1)).toEqual({ Action: 'profile', APIKey: 'test-admin-key', Username: 'soandso' });
    expect(await profile('plain')).toEqual({ status: 200, body: { OK: true } });
  });

  it('passes on the website’s own error', async () => {
    expect(await profile('ghost')).toEqual({ status: 500, body: { OK: false, Error: 'User not found' } });
  });

  it('answers a clear error when the webhook replies with something else', async () => {
    const res = await profile('garbled');
    expect(res.status).toBe(500);
    expect(res.body.OK).toBe(false);
    expect(res.body.Error).toMatch(/^Didn't get expected response for profile data: invalid JSON/);
  });

  it('answers a clear error when the webhook does not answer in time', async () => {
    const res = await profile('slow');
    expect(res).toEqual({
      status: 500,
      body: { OK: false, Error: "Didn't get expected response for profile data: the webhook did not answer in time" },
    });
  });

  it('needs a valid chat token', async () => {
    expect(await profile('soandso', '')).toEqual({
      status: 400,
      body: { OK: false, Error: 'JWT authentication is not available.' },
    });
    expect(await profile('soandso', await signToken({ sub: 'x' }, { secret: 'other' }))).toEqual({
      status: 400,
      body: { OK: false, Error: 'signature is invalid' },
    });
  });
});

describe('POST /api/profile with the website down', () => {
  it('answers a clear error', async () => {
    const closed = await freePort();
    const down = await startServer({
      settings: {
        JWT: { Enabled: true, SecretKey: SECRET },
        WebhookURLs: [{ Name: 'profile', Enabled: true, URL: `http://127.0.0.1:${closed}/` }],
      },
    });
    try {
      const res = await postJson(`${down.url}/api/profile`, { JWTToken: token, Username: 'soandso' });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        OK: false,
        Error: expect.stringMatching(/^Didn't get expected response for profile data: could not reach the webhook/),
      });
    } finally {
      await down.stop();
    }
  });
});
