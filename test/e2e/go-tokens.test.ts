import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postApi } from '../support/api.ts';
import type { ChatClient } from '../support/client.ts';
import { chatServer } from '../support/fixture.ts';
import { pageGlobals } from '../support/page.ts';
import { PollClient } from '../support/poller.ts';
import { signRawToken } from '../support/tokens.ts';

const fx = chatServer({
  DirectMessageHistory: { Enabled: true, SQLiteDatabase: join(await mkdtemp(join(tmpdir(), 'barertc-tokens-')), 'dm.sqlite') },
});

const inFiveMinutes = () => Math.floor(Date.now() / 1000) + 300;
const page = (token: string) => fetch(`${fx.server.url}/?jwt=${token}`);

/** Log in over the WebSocket with this token; the reply (`me`, or the refusal). */
async function wsLogin(token: string): Promise<{ client: ChatClient; reply: Awaited<ReturnType<ChatClient['login']>> }> {
  const client = await fx.connect();
  return { client, reply: await client.login('ignored', { jwt: token }) };
}

describe('tokens as the Go original reads them', () => {
  it('treats a null claim as absent: the page, /ws and /poll all accept it', async () => {
    const token = await signRawToken({ sub: 'nully', nick: null, img: null, rules: null, op: null, exp: inFiveMinutes() });
    const res = await page(token);
    expect(res.status).toBe(200);
    expect(pageGlobals(await res.text())).toMatchObject({ UserJWTValid: true, UserJWTClaims: { sub: 'nully' } });

    const { client, reply } = await wsLogin(token);
    expect(reply).toMatchObject({ action: 'me', username: 'nully' });
    client.close();
    await client.closed;

    const poller = new PollClient(fx.server.url);
    expect((await poller.login('ignored', { jwt: token })).body.username).toBe('nully');
  });

  it('matches claim names case-insensitively (Sub, Nick, OP, Img), on the page, at /ws and at /poll', async () => {
    const token = await signRawToken({ Sub: 'casey', Nick: 'Casey C', OP: true, Img: '/casey.png', EXP: inFiveMinutes() });
    const res = await page(token);
    expect(res.status).toBe(200);
    expect(pageGlobals(await res.text())['UserJWTClaims']).toMatchObject({
      sub: 'casey',
      nick: 'Casey C',
      op: true,
      img: '/casey.png',
    });

    const { client, reply } = await wsLogin(token);
    expect(reply).toMatchObject({ action: 'me', username: 'casey' });
    const list = await client.whoList((names) => names.includes('casey'));
    expect(list.find((e) => e.username === 'casey')).toMatchObject({ nickname: 'Casey C', op: true, avatar: '/casey.png' });
    client.close();
    await client.closed;

    const poller = new PollClient(fx.server.url);
    expect((await poller.login('ignored', { jwt: token })).body.username).toBe('casey');
  });

  it('still checks the time claims under any spelling, and refuses ones that are not numbers', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    for (const payload of [
      { sub: 'late', EXP: past },
      { sub: 'late', Exp: past, exp: null },
      { sub: 'early', NBF: inFiveMinutes() },
      { sub: 'odd', exp: 'tomorrow' },
    ]) {
      const token = await signRawToken(payload);
      const res = await page(token);
      expect(res.status, JSON.stringify(payload)).toBe(403);
      expect(await res.text()).toMatch(
        /^Error parsing your JWT token: token (is expired by|is not valid yet|claim exp is invalid)/,
      );
      const { client, reply } = await wsLogin(token);
      expect(reply.action).toBe('error');
      client.close();
      const poll = await new PollClient(fx.server.url).login('ignored', { jwt: token });
      expect(poll.body.username).toBeUndefined();
    }
  });

  it('accepts HS256 only, signed with our secret', async () => {
    const res = await page(await signRawToken({ sub: 'hs384', exp: inFiveMinutes() }, 'HS384'));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('signing method (alg) is unavailable.');
  });
});

describe('the JWT sub as the username', () => {
  it('is trimmed the same for /ws, /poll and /api/message/*', async () => {
    const token = await signRawToken({ sub: '  trimmed  ', exp: inFiveMinutes() });
    const { client, reply } = await wsLogin(token);
    expect(reply).toMatchObject({ action: 'me', username: 'trimmed' });
    // The history API finds the caller online under the same trimmed name.
    const r = await postApi(`${fx.server.url}/api/message/history`, { JWTToken: token, Username: 'somebody' });
    expect(r.body).toMatchObject({ OK: true });
    client.close();
    await client.closed;

    const poller = new PollClient(fx.server.url);
    expect((await poller.login('ignored', { jwt: token })).body.username).toBe('trimmed');
  });

  it('is "anonymous" when empty, and a second such login becomes "anonymous 2" instead of signing out the first', async () => {
    const token = await signRawToken({ sub: '', nick: 'Nobody', exp: inFiveMinutes() });
    const first = await wsLogin(token);
    expect(first.reply).toMatchObject({ action: 'me', username: 'anonymous' });
    const second = await wsLogin(token);
    expect(second.reply).toMatchObject({ action: 'me', username: 'anonymous 2' });
    await first.client.nothing('disconnect');
    first.client.close();
    second.client.close();
  });
});

describe('a refused username', () => {
  it('gets its error and then disconnect, so no client stays connected but logged out', async () => {
    const client = await fx.connect();
    const reply = await client.login('x'.repeat(101));
    expect(reply.action).toBe('error');
    expect(await client.next('disconnect')).toEqual({ action: 'disconnect' });
  });
});
