import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TOKEN_CHARS } from '../../src/core/wire.ts';
import { postJson } from '../support/api.ts';
import { ChatClient, join } from '../support/client.ts';
import { PollClient } from '../support/poller.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    settings: { JWT: { Enabled: true, Strict: true, SecretKey: SECRET }, WebSocketLoginTimeout: 2 },
  });
});
afterAll(async () => {
  await server.stop();
});

/** Signed with the right secret, but issued an hour from now: beyond any clock leeway. */
const fromTheFuture = () => signToken({ sub: 'future' }, { issuedIn: 3600, expiresIn: 7200 });
/** Signed with the right secret and otherwise valid, but longer than any website's token. */
const huge = () => signToken({ sub: 'huge', pad: 'x'.repeat(MAX_TOKEN_CHARS) });

describe('tokens', () => {
  it('accepts a token issued a moment ago, within the leeway', async () => {
    const ok = await signToken({ sub: 'leeway' }, { issuedIn: 3 });
    const page = await fetch(`${server.url}/?jwt=${ok}`);
    expect(page.status).toBe(200);
  });

  it.each([
    ['issued in the future', fromTheFuture, 'token used before issued'],
    ['over 16 KB', huge, `token is too long (over ${MAX_TOKEN_CHARS} characters)`],
  ])('refuses a token %s at the page, with the reason', async (_label, make, reason) => {
    const page = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ jwt: await make() }),
    });
    expect(page.status).toBe(403);
    expect(await page.text()).toBe(`Error parsing your JWT token: ${reason}`);
  });

  it.each([
    ['issued in the future', fromTheFuture, 'token used before issued'],
    ['over 16 KB', huge, `token is too long (over ${MAX_TOKEN_CHARS} characters)`],
  ])('refuses a token %s at the API, with the reason', async (_label, make, reason) => {
    const reply = await postJson(`${server.url}/api/profile`, { JWTToken: await make(), Username: 'someone' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ OK: false, Error: reason });
  });

  it('refuses a token issued in the future on the chat socket and says why in the log', async () => {
    const c = await ChatClient.connect(server.wsUrl);
    const reply = await c.login('', { jwt: await fromTheFuture() });
    expect(reply).toMatchObject({ action: 'error', message: expect.stringMatching(/authentication has expired/) });
    expect(server.output()).toMatch(/login refused for #\d+: token used before issued/);
    c.close();
  });

  it('refuses a token over 16 KB on the chat socket and on /poll, with the reason', async () => {
    const tooLong = `The "jwt" field is too long: the limit is ${MAX_TOKEN_CHARS} characters.`;
    const c = await ChatClient.connect(server.wsUrl);
    expect(await c.login('', { jwt: await huge() })).toMatchObject({ action: 'error', message: tooLong });
    c.close();
    const p = new PollClient(server.url);
    const reply = await p.login('', { jwt: await huge() });
    expect(reply.body.messages).toContainEqual(expect.objectContaining({ action: 'error', message: tooLong }));
  });
});

describe('sockets that never log in', () => {
  it('are closed after WebSocketLoginTimeout, while a logged-in socket stays', async () => {
    const member = await join(server.wsUrl, 'stays', {});
    const idle = await ChatClient.connect(server.wsUrl);
    const { code, reason } = await idle.closed;
    expect({ code, reason }).toEqual({ code: 1008, reason: 'login timeout' });
    expect(idle.received).toContainEqual(
      expect.objectContaining({ action: 'error', message: 'You did not log in within 2 seconds.' }),
    );
    await member.sync();
    member.close();
  }, 30_000);
});
