import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken, unsignedToken } from '../support/tokens.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ settings: { JWT: { Enabled: true, Strict: true, SecretKey: SECRET } } });
});
afterAll(async () => {
  await server.stop();
});

async function attempt(extra: Record<string, unknown>) {
  const c = await ChatClient.connect(server.wsUrl);
  const reply = await c.login('guesty', extra);
  return { c, reply };
}

describe('strict JWT mode', () => {
  it('refuses a guest without a token', async () => {
    const { c, reply } = await attempt({});
    expect(reply.action).toBe('error');
    expect(reply.message).toMatch(/requires authentication/);
    const stats = await (await fetch(`${server.url}/api/statistics`)).json();
    expect(stats.Usernames).not.toContain('guesty');
    c.close();
  });

  it('accepts a valid token and uses its sub and claims', async () => {
    const token = await signToken({
      sub: 'jwt-alice',
      nick: 'Alice',
      op: false,
      vip: true,
      img: '/a.png',
      url: '/u/alice',
      emoji: '🐱',
      gender: 'f',
    });
    const { c, reply } = await attempt({ jwt: token });
    expect(reply).toEqual({ action: 'me', username: 'jwt-alice' });
    const list = await c.whoList((n) => n.includes('jwt-alice'));
    expect(list.find((e) => e.username === 'jwt-alice')).toMatchObject({
      nickname: 'Alice',
      vip: true,
      avatar: '/a.png',
      profileURL: '/u/alice',
      emoji: '🐱',
      gender: 'f',
      op: false,
    });
    c.close();
  });

  it.each([
    ['an expired token', () => signToken({ sub: 'late' }, { expiresIn: -60 })],
    ['a token signed with another key', () => signToken({ sub: 'forger' }, { secret: 'some-other-secret' })],
    ['an unsigned alg:none token', async () => unsignedToken({ sub: 'nobody' })],
    ['a token not valid yet', () => signToken({ sub: 'early' }, { notBefore: 600 })],
    ['a malformed token', async () => 'not.a-token'],
  ])('rejects %s', async (_label, make) => {
    const { c, reply } = await attempt({ jwt: await make() });
    expect(reply.action).toBe('error');
    expect(reply.message).toMatch(/authentication has expired/);
    c.close();
  });

  it('signs out the older session when the same account logs in elsewhere', async () => {
    const token = await signToken({ sub: 'twice' });
    const first = await ChatClient.connect(server.wsUrl);
    expect((await first.login('', { jwt: token })).username).toBe('twice');
    const second = await ChatClient.connect(server.wsUrl);
    expect((await second.login('', { jwt: token })).username).toBe('twice');
    expect(await first.next((m) => m.action === 'error' && /another location/.test(m.message ?? ''))).toBeTruthy();
    await first.next('disconnect');
    const stats = await (await fetch(`${server.url}/api/statistics`)).json();
    expect(stats.Usernames.filter((n: string) => n === 'twice')).toHaveLength(1);
    first.close();
    second.close();
  });
});
