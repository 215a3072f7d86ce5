import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { postApi, type ApiReply } from '../support/api.ts';
import { createTestRoom } from '../support/fake-room.ts';
import { RUNTIME, startServer, type TestServer } from '../support/server.ts';
import { SECRET } from '../support/tokens.ts';

const KEY = 'test-admin-key';

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
}

let server: TestServer;
let doc: OpenApi;
beforeAll(async () => {
  server = await startServer({ settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } });
  const res = await fetch(`${server.url}/api/openapi.json`);
  expect(res.headers.get('content-type')).toBe('application/json');
  doc = (await res.json()) as OpenApi;
});
afterAll(async () => {
  await server.stop();
});

/** The `/api/*` routes the app registers, as Hono lists them (middleware patterns left out). */
function registeredApiRoutes(): string[] {
  const { room } = createTestRoom();
  const app = createApp({
    room,
    settings: () => room.settings,
    logger: room.logger,
    assets: { index: () => undefined, file: () => undefined },
    bufferedAmount: () => 0,
    terminate: () => {},
    remoteAddress: () => '127.0.0.1',
  });
  room.close();
  return [...new Set(app.routes.map((r) => r.path).filter((p) => p.startsWith('/api/') && !p.includes('*')))];
}

const ajv = new Ajv2020({ strict: false });

/** The reply matches the document's schema for its path, method and status. */
function expectDocumented(path: string, method: string, reply: ApiReply): void {
  const answer = doc.paths[path]?.[method]?.responses[String(reply.status)];
  expect(answer, `${method.toUpperCase()} ${path} answered ${reply.status}, which the document does not list`).toBeDefined();
  const schema = answer!.content?.['application/json']?.schema;
  expect(schema, `no JSON schema for ${path} ${reply.status}`).toBeDefined();
  const validate = ajv.compile(schema!);
  expect(validate(reply.body), `${path} ${reply.status}: ${ajv.errorsText(validate.errors)}\n${reply.text}`).toBe(true);
}

const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  postApi(`${server.url}${path}`, body, { headers });

describe('the OpenAPI document at /api/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every /api/* route the server registers', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = registeredApiRoutes();
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !(r in doc.paths))).toEqual([]);
  });

  it('describes both ways to pass the admin key', () => {
    const text = JSON.stringify(doc);
    expect(text).toContain('"scheme":"bearer"');
    expect(doc.paths['/api/block/now']!['post']).toMatchObject({ security: [{ bearerKey: [] }, {}] });
  });

  it("matches the real server's answers, successes and errors alike", async () => {
    const replies: [string, string, ApiReply][] = [
      ['/api/statistics', 'get', await postApi(`${server.url}/api/statistics`, undefined, { method: 'GET' })],
      ['/api/authenticate', 'post', await call('/api/authenticate', { APIKey: KEY, Claims: { sub: 'doc-bot' } })],
      [
        '/api/authentication',
        'post',
        await call('/api/authentication', { Claims: { sub: 'doc-bot' } }, { Authorization: `Bearer ${KEY}` }),
      ],
      ['/api/authenticate', 'post', await call('/api/authenticate', { APIKey: 'wrong' })],
      ['/api/shutdown', 'post', await call('/api/shutdown', { APIKey: 'wrong' })],
      ['/api/amend-jwt', 'post', await call('/api/amend-jwt', { APIKey: KEY, Username: 'doc-nobody', JWTToken: 'x' })],
      ['/api/blocklist', 'post', await call('/api/blocklist', { APIKey: KEY, Username: 'doc', Blocklist: ['a'] })],
      ['/api/blocklist', 'post', await call('/api/blocklist', { APIKey: KEY, Blocklist: 'a' })],
      ['/api/block/now', 'post', await call('/api/block/now', { APIKey: KEY, Usernames: ['a', 'b'] })],
      ['/api/disconnect/now', 'post', await call('/api/disconnect/now', { APIKey: KEY, Usernames: ['doc'] })],
      ['/api/disconnect/now', 'post', await call('/api/disconnect/now', '{broken')],
      ['/api/profile', 'post', await call('/api/profile', { JWTToken: 'not-a-token', Username: 'x' })],
      ['/api/message/history', 'post', await call('/api/message/history', { JWTToken: 'not-a-token' })],
      ['/api/message/usernames', 'post', await call('/api/message/usernames', { JWTToken: 'not-a-token' })],
      ['/api/message/clear', 'post', await call('/api/message/clear', { APIKey: KEY, Username: 'doc' })],
      ['/api/message/clear', 'post', await call('/api/message/clear', { Username: 'doc' }, { Authorization: 'Bearer wrong' })],
    ];
    expect(replies.map(([, , r]) => r.status)).toEqual([
      200, 200, 200, 401, 401, 401, 200, 400, 200, 200, 400, 400, 400, 400, 500, 401,
    ]);
    for (const [path, method, reply] of replies) expectDocumented(path, method, reply);
  });

  const onWorker = RUNTIME === 'worker';
  it.skipIf(onWorker)(
    `serves a reference page that loads the renderer from our own origin under a strict CSP${onWorker ? ' [Node/Bun/Deno only: the Worker does not serve the /api/docs renderer yet]' : ''}`,
    async () => {
      const res = await fetch(`${server.url}/api/docs`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      const html = await res.text();
      const src = /<script src="([^"]+)"><\/script>/.exec(html)?.[1];
      expect(src).toMatch(/^\/api\//);
      const bundle = await fetch(`${server.url}${src!}`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toMatch(/javascript/);
      expect(await bundle.text()).toContain('createApiReference');
    },
  );
});
