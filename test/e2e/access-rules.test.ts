import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statistics } from '../support/api.ts';
import { ChatClient, command, join } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

/** Rules whose breaking no other test would notice; each test was seen failing with its rule broken. */
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } });
});
afterAll(async () => {
  await server.stop();
});

const online = async () => (await statistics(server.url)).Usernames;

describe('rules that must hold', () => {
  it('delivers live messages in a VIP channel only to VIPs and operators', async () => {
    const vip = await join(server.wsUrl, 'rule-vip', { vip: true });
    const op = await join(server.wsUrl, 'rule-op', { op: true });
    const guest = await join(server.wsUrl, 'rule-guest');
    const start = guest.mark();
    vip.send({ action: 'message', channel: 'vip', message: 'members only' });
    const said = (m: { action: string; message?: string }) => m.action === 'message' && m.message === '<p>members only</p>';
    await vip.next(said);
    await op.next(said);
    vip.send({ action: 'message', channel: 'lobby', message: 'for everyone' });
    await guest.next((m) => m.message === '<p>for everyone</p>');
    expect(guest.since(start).filter(said)).toEqual([]);
    for (const c of [vip, op, guest]) c.close();
  });

  it('gives a guest who takes an online JWT user’s name "name 2", and leaves that user signed in', async () => {
    const member = await join(server.wsUrl, 'rule-member', {});
    const start = member.mark();
    const guest = await ChatClient.connect(server.wsUrl);
    expect(await guest.login('rule-member')).toEqual({ action: 'me', username: 'rule-member 2' });
    await member.sync();
    expect(member.since(start).filter((m) => m.action === 'disconnect')).toEqual([]);
    expect(await online()).toEqual(expect.arrayContaining(['rule-member', 'rule-member 2']));
    member.close();
    guest.close();
  });

  it('holds a ban against a JWT login that sends another name in its username field', async () => {
    const op = await join(server.wsUrl, 'rule-banner', { op: true });
    expect(await command(op, '/ban rule-banned 1')).toBe('rule-banned has been banned from the room for 1 hours.');
    const banned = await ChatClient.connect(server.wsUrl);
    const reply = await banned.login('someone-innocent', { jwt: await signToken({ sub: 'rule-banned' }) });
    expect(reply.action).toBe('error');
    expect(reply.message).toContain('banned');
    expect(await online()).not.toContain('someone-innocent');
    expect(await online()).not.toContain('rule-banned');
    op.close();
    banned.close();
  });

  it('delivers an operator’s DM to a user who muted them', async () => {
    const op = await join(server.wsUrl, 'rule-mod', { op: true });
    const user = await join(server.wsUrl, 'rule-muter');
    user.send({ action: 'mute', username: 'rule-mod' });
    await user.sync();
    op.send({ action: 'message', channel: '@rule-muter', message: 'a word from the operator' });
    expect(await user.next((m) => m.action === 'message' && m.username === 'rule-mod')).toMatchObject({
      channel: '@rule-mod',
      message: '<p>a word from the operator</p>',
    });
    op.close();
    user.close();
  });

  it('refuses a token signed with the right secret under HS384 (only HS256 is accepted)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const hs384 = await new SignJWT({ sub: 'rule-hs384' })
      .setProtectedHeader({ alg: 'HS384', typ: 'JWT' })
      .setIssuedAt(now - 1)
      .setExpirationTime(now + 300)
      .sign(new TextEncoder().encode(SECRET));
    const c = await ChatClient.connect(server.wsUrl);
    const reply = await c.login('rule-hs384', { jwt: hs384 });
    expect(reply.action).toBe('error');
    // The log line may reach the test's pipe after the reply reaches its socket (the Worker's logs pass through its runner).
    await expect.poll(() => server.output()).toMatch(/login refused for #\d+: signing method \(alg\) is unavailable/);
    expect(await online()).not.toContain('rule-hs384');
    c.close();
  });
});
