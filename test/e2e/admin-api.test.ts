import { request } from 'node:http';
import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postApi, ADMIN_ENDPOINTS, statistics } from '../support/api.ts';
import { ChatClient, connectAll } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

const KEY = 'test-admin-key';
const SITE = 'https://site.example';

let server: TestServer;
beforeAll(async () => {
  // UseXForwardedFor lets each test speak from its own address, so failed-key counters stay apart.
  server = await startServer({
    settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET }, CORSHosts: [SITE], UseXForwardedFor: true },
  });
});
afterAll(async () => {
  await server.stop();
});

let addressCounter = 1;
/** A fresh client address (TEST-NET-1) per call. */
const freshAddress = () => ({ 'X-Real-IP': `192.0.2.${addressCounter++}` });
const api = (path: string, body: unknown, opts: Parameters<typeof postApi>[2] = {}) =>
  postApi(`${server.url}${path}`, body, { ...opts, headers: { ...freshAddress(), ...opts.headers } });

async function jwtUser(claims: Record<string, unknown>): Promise<ChatClient> {
  const c = await ChatClient.connect(server.wsUrl);
  const me = await c.login('', { jwt: await signToken(claims) });
  expect(me).toMatchObject({ action: 'me', username: claims['sub'] });
  return c;
}

const online = async () => (await statistics(server.url)).Usernames;

const ENDPOINTS = ADMIN_ENDPOINTS;
/** What each endpoint's error replies carry besides OK and Error. */
const zeroFields = (path: string) => (path === '/api/disconnect/now' ? { Removed: 0 } : {});

describe('every admin endpoint checks its request first', () => {
  it.each(ENDPOINTS)('%s answers GET with 400 "Only POST methods allowed"', async (path) => {
    const r = await api(path, undefined, { method: 'GET' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ OK: false, Error: 'Only POST methods allowed', ...zeroFields(path) });
  });

  it.each(ENDPOINTS)('%s refuses a body that is not JSON-typed with 400', async (path) => {
    const r = await api(path, { APIKey: KEY }, { contentType: 'text/plain' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ OK: false, Error: 'Only application/json content-types allowed', ...zeroFields(path) });
  });

  it.each(ENDPOINTS)('%s refuses broken JSON with 400 and says so', async (path) => {
    const r = await api(path, '{"APIKey": "x",');
    expect(r.status).toBe(400);
    expect(r.body?.['Error']).toMatch(/^Invalid JSON/);
    expect(r.body).toMatchObject({ OK: false, ...zeroFields(path) });
  });

  it.each(ENDPOINTS)('%s refuses a field of the wrong type with 400 naming the field', async (path) => {
    const r = await api(path, { APIKey: 12345 });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ OK: false, Error: expect.stringContaining('APIKey') as string, ...zeroFields(path) });
  });

  it.each(ENDPOINTS)('%s refuses an oversized body with 413', async (path) => {
    const r = await api(path, { APIKey: KEY, Pad: 'x'.repeat(2 * 1024 * 1024) });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ OK: false, Error: expect.stringContaining('too large') as string });
  });

  it('reads a body sent in chunks without a declared length, and refuses one that grows too large', async () => {
    // node:http on a connection of its own: the server cuts a body that grows too large, so the
    // connection must not go back to fetch's pool for the next test.
    const chunked = (parts: string[]) =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const req = request(`${server.url}/api/authentication`, {
          method: 'POST',
          agent: false,
          headers: { 'Content-Type': 'application/json', ...freshAddress() },
        });
        let answered = false;
        req.on('response', (res) => {
          answered = true;
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
        });
        // Once the server has answered it may stop reading; the rest of the upload is moot.
        req.on('error', (err) => (answered ? undefined : reject(err)));
        for (const part of parts) req.write(part);
        req.end();
      });
    const ok = await chunked([`{"APIKey": "${KEY}",`, ' "Claims": {"sub": "chunked"}}']);
    expect(ok).toMatchObject({ status: 200, body: { OK: true } });
    expect(decodeJwt(ok.body['JWT'] as string).sub).toBe('chunked');

    const megabyte = 'x'.repeat(1024 * 1024);
    const big = await chunked([`{"APIKey": "${KEY}", "Pad": "`, megabyte, megabyte, '"}']);
    expect(big).toMatchObject({ status: 413, body: { OK: false, Error: expect.stringContaining('too large') as string } });
  });

  it.each(ENDPOINTS)('%s denies a wrong API key with 401', async (path) => {
    const r = await api(path, { APIKey: 'not-the-key' }, { contentType: 'application/json; charset=utf-8' });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ OK: false, Error: 'Authentication denied.', ...zeroFields(path) });
  });

  it.each(ENDPOINTS)('%s denies a missing API key with 401', async (path) => {
    const r = await api(path, null);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ OK: false, Error: 'Authentication denied.', ...zeroFields(path) });
  });

  it('matches keys case-insensitively, like the original server', async () => {
    const r = await api('/api/block/now', { apikey: KEY, USERNAMES: [] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ OK: true });
  });

  it('keeps the documented field order in disconnect/now errors', async () => {
    const r = await api('/api/disconnect/now', { APIKey: 'wrong' });
    expect(r.text).toBe('{\n  "OK": false,\n  "Removed": 0,\n  "Error": "Authentication denied."\n}\n');
  });

  it('has no side effect when the key is wrong', async () => {
    const [victim] = await connectAll(server.wsUrl, ['nokey-victim', 'nokey-other']);
    victim!.skip();
    expect((await api('/api/disconnect/now', { APIKey: 'wrong', Usernames: ['nokey-victim'] })).status).toBe(401);
    expect((await api('/api/block/now', { APIKey: 'wrong', Usernames: ['nokey-victim', 'nokey-other'] })).status).toBe(401);
    await victim!.nothing((m) => m.action === 'disconnect' || m.action === 'block');
    expect(await online()).toContain('nokey-victim');
    victim!.close();
  });
});

describe('POST /api/authenticate signs chat tokens', () => {
  it.each(['/api/authenticate', '/api/authentication'])('%s returns a token for the claims, valid five minutes', async (path) => {
    const r = await api(path, { APIKey: KEY, Claims: { sub: 'signed-sam', nick: 'Sam', op: false, emoji: '🤖', exp: 1 } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body!)).toEqual(['OK', 'JWT']);
    const { payload } = await jwtVerify(r.body!['JWT'] as string, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub: 'signed-sam', nick: 'Sam', op: false, emoji: '🤖' });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.nbf).toBe(payload.iat);
  });

  it('signs a token the chat room accepts at login', async () => {
    const r = await api('/api/authenticate', { APIKey: KEY, Claims: { sub: 'signed-bot', nick: 'Bot' } });
    const c = await ChatClient.connect(server.wsUrl);
    expect(await c.login('someone-else', { jwt: r.body!['JWT'] })).toEqual({ action: 'me', username: 'signed-bot' });
    const entry = (await c.whoList((n) => n.includes('signed-bot'))).find((e) => e.username === 'signed-bot');
    expect(entry).toMatchObject({ nickname: 'Bot' });
    c.close();
  });

  it('refuses claims of the wrong type with 400', async () => {
    const r = await api('/api/authenticate', { APIKey: KEY, Claims: { sub: 'x', op: 'yes' } });
    expect(r.status).toBe(400);
    expect(r.body!['Error']).toMatch(/Claims\.op/);
  });
});

describe('POST /api/amend-jwt updates an online user', () => {
  it("sends the user a ping with the new token and rules, then me, and refreshes everyone's who list", async () => {
    const user = await jwtUser({ sub: 'amend-amy', nick: 'Amy' });
    const [watcher] = await connectAll(server.wsUrl, ['amend-watcher']);
    user.skip();
    const token = await signToken({ sub: 'amend-amy', nick: 'Amy B', rules: ['novideo'], img: '/amy.png' });
    const r = await api('/api/amend-jwt', { APIKey: KEY, Username: 'amend-amy', JWTToken: token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ OK: true });

    const ping = await user.next('ping');
    expect(decodeJwt(ping.jwt!)).toMatchObject({ sub: 'amend-amy', nick: 'Amy B', rules: ['novideo'] });
    expect(ping['jwtRules']).toEqual({
      IsNoVideoRule: true,
      IsNoImageRule: false,
      IsNoBroadcastRule: true,
      IsRedCamRule: false,
      IsNoDarkVideoRule: false,
    });
    expect(await user.next('me')).toEqual({ action: 'me', username: 'amend-amy' });
    await expect
      .poll(async () => (await watcher!.whoList()).find((e) => e.username === 'amend-amy'), { timeout: 5000 })
      .toMatchObject({ nickname: 'Amy B', avatar: '/amy.png' });
    user.close();
    watcher!.close();
  });

  it('renames the user when the new token names someone else', async () => {
    const user = await jwtUser({ sub: 'amend-old-name' });
    const [watcher] = await connectAll(server.wsUrl, ['amend-rename-watcher']);
    user.skip();
    const token = await signToken({ sub: 'amend-new-name' });
    const r = await api('/api/amend-jwt', { APIKey: KEY, Username: 'amend-old-name', JWTToken: token });
    expect(r.body).toEqual({ OK: true });
    expect(await user.next('me')).toEqual({ action: 'me', username: 'amend-new-name' });
    await watcher!.whoList((n) => n.includes('amend-new-name') && !n.includes('amend-old-name'));
    expect(await online()).toContain('amend-new-name');
    // The new name is now the user's: a second amendment finds them under it.
    const again = await api('/api/amend-jwt', { APIKey: KEY, Username: 'amend-new-name', JWTToken: token });
    expect(again.body).toEqual({ OK: true });
    user.close();
    watcher!.close();
  });

  it('refuses to rename onto the name of another online user with 409', async () => {
    const user = await jwtUser({ sub: 'amend-clash-a' });
    const [other] = await connectAll(server.wsUrl, ['amend-clash-b']);
    user.skip();
    const r = await api('/api/amend-jwt', {
      APIKey: KEY,
      Username: 'amend-clash-a',
      JWTToken: await signToken({ sub: 'amend-clash-b' }),
    });
    expect(r.status).toBe(409);
    expect(r.body!['Error']).toMatch(/amend-clash-b/);
    await user.nothing((m) => m.action === 'me' || m.action === 'ping');
    user.close();
    other!.close();
  });

  it('answers OK but changes nothing for a guest', async () => {
    const [guest] = await connectAll(server.wsUrl, ['amend-guest']);
    guest!.skip();
    const r = await api('/api/amend-jwt', {
      APIKey: KEY,
      Username: 'amend-guest',
      JWTToken: await signToken({ sub: 'amend-guest', nick: 'G' }),
    });
    expect(r.body).toEqual({ OK: true });
    await guest!.nothing((m) => m.action === 'me' || m.action === 'ping');
    guest!.close();
  });

  it('answers 404 for a user who is not online', async () => {
    const r = await api('/api/amend-jwt', {
      APIKey: KEY,
      Username: 'amend-nobody',
      JWTToken: await signToken({ sub: 'amend-nobody' }),
    });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ OK: false, Error: 'User amend-nobody is not online' });
  });

  it.each([
    ['signed with another key', () => signToken({ sub: 'amend-forged' }, { secret: 'another-secret-entirely' })],
    ['expired', () => signToken({ sub: 'amend-forged' }, { expiresIn: -60 })],
    ['missing', async () => ''],
  ])('refuses a token that is %s with 401 and leaves the user alone', async (_label, make) => {
    const user = await jwtUser({ sub: 'amend-forged' });
    user.skip();
    const r = await api('/api/amend-jwt', { APIKey: KEY, Username: 'amend-forged', JWTToken: await make() });
    expect(r.status).toBe(401);
    expect(r.body!['Error']).toMatch(/^Invalid JWT token/);
    await user.nothing((m) => m.action === 'me' || m.action === 'ping');
    user.close();
  });
});

describe('POST /api/blocklist', () => {
  it("accepts a user's blocklist, or a null one", async () => {
    expect((await api('/api/blocklist', { APIKey: KEY, Username: 'bl-user', Blocklist: ['x', 'y'] })).body).toEqual({ OK: true });
    expect((await api('/api/blocklist', { APIKey: KEY, Username: 'bl-user', Blocklist: null })).body).toEqual({ OK: true });
  });

  it('refuses a blocklist that is not a list of names', async () => {
    const r = await api('/api/blocklist', { APIKey: KEY, Username: 'bl-user', Blocklist: 'x' });
    expect(r.status).toBe(400);
    expect(r.body!['Error']).toMatch(/Blocklist/);
  });
});

describe('POST /api/block/now', () => {
  it('blocks the named users from each other both ways, at once', async () => {
    const [a, b, c] = await connectAll(server.wsUrl, ['bn-a', 'bn-b', 'bn-c']);
    for (const x of [a, b, c]) x!.skip();
    const r = await api('/api/block/now', { APIKey: KEY, Usernames: ['bn-a', 'bn-b', 'bn-offline'] });
    expect(r.body).toEqual({ OK: true });
    expect(await a!.next('block')).toEqual({ action: 'block', username: 'bn-b' });
    expect(await a!.next('block')).toEqual({ action: 'block', username: 'bn-offline' });
    expect(await b!.next('block')).toEqual({ action: 'block', username: 'bn-a' });
    await a!.whoList((n) => n.includes('bn-c') && !n.includes('bn-b'));
    await b!.whoList((n) => n.includes('bn-c') && !n.includes('bn-a'));
    await c!.whoList((n) => n.includes('bn-a') && n.includes('bn-b'));
    await c!.nothing('block');

    for (const x of [a, b, c]) x!.skip();
    a!.send({ action: 'message', channel: 'lobby', message: 'from a' });
    expect(await c!.next('message')).toMatchObject({ username: 'bn-a' });
    await b!.nothing('message');
    for (const x of [a, b, c]) x!.close();
  });

  it('answers OK when nobody named is online', async () => {
    expect((await api('/api/block/now', { APIKey: KEY, Usernames: ['bn-ghost-1', 'bn-ghost-2'] })).body).toEqual({ OK: true });
  });
});

describe('POST /api/disconnect/now', () => {
  it("removes a user with the website's message, shown to others as leaving", async () => {
    const [target, watcher] = await connectAll(server.wsUrl, ['dn-target', 'dn-watcher']);
    target!.skip();
    watcher!.skip();
    const r = await api('/api/disconnect/now', {
      APIKey: KEY,
      Usernames: ['dn-target', 'dn-ghost'],
      Message: 'Your profile was deactivated.',
    });
    expect(r.status).toBe(200);
    expect(r.text).toBe('{\n  "OK": true,\n  "Removed": 1\n}\n');
    expect(await target!.next('error')).toEqual({
      action: 'error',
      username: 'ChatServer',
      message: 'Your profile was deactivated.',
    });
    await target!.next('disconnect');
    expect(await watcher!.next((m) => m.action === 'presence' && m.username === 'dn-target')).toEqual({
      action: 'presence',
      username: 'dn-target',
      message: 'has exited the room!',
    });
    await watcher!.whoList((n) => n.includes('dn-watcher') && !n.includes('dn-target'));
    expect(await online()).not.toContain('dn-target');
    target!.close();
    watcher!.close();
  });

  it('shows the removal as a kick when asked, and sends no message when none is given', async () => {
    const [target, watcher] = await connectAll(server.wsUrl, ['dn-kicked', 'dn-kick-watcher']);
    watcher!.skip();
    const before = target!.received.length;
    const r = await api('/api/disconnect/now', { APIKey: KEY, Usernames: ['dn-kicked'], Kick: true });
    expect(r.body).toEqual({ OK: true, Removed: 1 });
    expect(await watcher!.next((m) => m.action === 'presence' && m.username === 'dn-kicked')).toMatchObject({
      message: 'has been kicked from the room!',
    });
    await target!.next('disconnect');
    expect(target!.received.slice(before).map((m) => m.action)).not.toContain('error');
    target!.close();
    watcher!.close();
  });

  it('reports Removed: 0 when nobody named is online', async () => {
    const r = await api('/api/disconnect/now', { APIKey: KEY, Usernames: ['dn-nobody'] });
    expect(r.body).toEqual({ OK: true, Removed: 0 });
  });
});

describe('CORS for the websites in CORSHosts', () => {
  it('lets a listed website read the statistics, and nobody else', async () => {
    const allowed = await fetch(`${server.url}/api/statistics`, { headers: { Origin: SITE } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE);
    const refused = await fetch(`${server.url}/api/statistics`, { headers: { Origin: 'https://other.example' } });
    expect(refused.status).toBe(200);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("answers a listed website's preflight for a POST endpoint", async () => {
    const res = await fetch(`${server.url}/api/block/now`, {
      method: 'OPTIONS',
      headers: { Origin: SITE, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    const post = await api('/api/block/now', { APIKey: KEY, Usernames: [] }, { headers: { Origin: SITE } });
    expect(post.headers.get('access-control-allow-origin')).toBe(SITE);
  });

  it("gives another website's preflight no CORS headers at all", async () => {
    const res = await fetch(`${server.url}/api/block/now`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://other.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(res.status).toBe(400);
  });
});

describe('failed API keys are rate limited per address', () => {
  const from = { 'X-Real-IP': '198.51.100.7' };

  it('refuses an address with 429 after ten wrong keys, even with the right key, while others go on', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await api('/api/block/now', { APIKey: `guess-${i}` }, { headers: from })).status).toBe(401);
    }
    const limited = await api('/api/disconnect/now', { APIKey: 'guess-again' }, { headers: from });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      OK: false,
      Removed: 0,
      Error: expect.stringMatching(/Too many failed API key attempts/) as string,
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api('/api/block/now', { APIKey: KEY }, { headers: from })).status).toBe(429);
    expect((await api('/api/block/now', { APIKey: KEY }, { headers: { 'X-Real-IP': '198.51.100.8' } })).status).toBe(200);
  });

  it('does not count successful calls', async () => {
    const busy = { 'X-Real-IP': '198.51.100.9' };
    for (let i = 0; i < 15; i++) {
      expect((await api('/api/blocklist', { APIKey: KEY, Username: 'busy', Blocklist: [] }, { headers: busy })).status).toBe(200);
    }
    expect((await api('/api/blocklist', { APIKey: 'wrong' }, { headers: busy })).status).toBe(401);
  });

  it('lets a burst of concurrent valid calls through', async () => {
    const burst = { 'X-Real-IP': '198.51.100.10' };
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () =>
        api('/api/blocklist', { APIKey: KEY, Username: 'burst', Blocklist: [] }, { headers: burst }).then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});
