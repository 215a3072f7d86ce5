import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postApi } from '../support/api.ts';
import { ChatClient, command, type Msg } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

/**
 * The room in a hibernating Durable Object: after the object is evicted while idle (about 10 s in
 * workerd) and rebuilt on its next event, everything a client can observe is as it was.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } });
});
afterAll(async () => {
  await server.stop();
});

const wakes = () => server.output().match(/room restored \d+ sessions after hibernation/g)?.length ?? 0;

async function until(ok: () => boolean, ms: number, why: string): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${why}\n${server.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function jwtClient(username: string, claims: Record<string, unknown> = {}): Promise<ChatClient> {
  const client = await ChatClient.connect(server.wsUrl);
  const reply = await client.login(username, { jwt: await signToken({ sub: username, ...claims }) });
  expect(reply.action).toBe('me');
  await client.sync();
  return client;
}

describe('a room in a Durable Object that hibernates', { timeout: 120_000 }, () => {
  it('wakes with its users, statuses, camera, mute, ban, cached blocklist and message ids, and keeps pinging', async () => {
    const op = await jwtClient('hib-op', { op: true, nick: 'The Op' });
    const cam = await jwtClient('hib-cam');
    // A session too large for a socket attachment (16 KB): it is kept in the object's SQLite instead.
    const picky = await jwtClient('hib-picky');
    const manyNames = Array.from({ length: 1500 }, (_, i) => `someone-blocked-${i}`);
    picky.send({ action: 'blocklist', usernames: [...manyNames, 'hib-cam'] });
    op.send({ action: 'me', video: 0, status: 'away' });
    cam.send({ action: 'me', video: 1 | 16, status: 'online' });
    op.send({ action: 'mute', username: 'hib-cam' });
    expect(await command(op, '/ban hib-banned 2')).toMatch(/has been banned/);
    const cached = await postApi(`${server.url}/api/blocklist`, {
      APIKey: 'test-admin-key',
      Username: 'hib-later',
      Blocklist: ['hib-cam'],
    });
    expect(cached.status).toBe(200);
    cam.send({ action: 'message', channel: 'lobby', message: 'before' });
    const before = await cam.next((m) => m.action === 'message' && m.message === '<p>before</p>');
    await Promise.all([op.sync(), cam.sync(), picky.sync()]);
    const wakesBefore = wakes();

    // Idle: nothing keeps the object awake; the 30 s ping's alarm wakes it, rebuilt from storage.
    await until(() => wakes() > wakesBefore, 90_000, 'the object did not hibernate and wake');
    expect(server.output()).toMatch(/room restored 3 sessions after hibernation/);
    const ping = await op.next('ping', 10_000);
    expect(ping.jwt).toEqual(expect.any(String));
    expect(ping.jwtRules).toEqual(expect.objectContaining({ IsNoVideoRule: false }));
    for (const c of [op, cam, picky]) expect(c.ws.readyState).toBe(c.ws.OPEN);

    // The who list, as a newcomer's arrival shows it to everyone: statuses, camera, nickname, the op flag.
    const later = await jwtClient('hib-later');
    const list = await later.whoList((names) => names.includes('hib-op') && names.includes('hib-cam'));
    expect(list.find((e) => e.username === 'hib-op')).toMatchObject({ status: 'away', op: true, nickname: 'The Op' });
    expect(list.find((e) => e.username === 'hib-cam')).toMatchObject({ status: 'online', video: 1 | 16 });
    // The operator muted the camera's owner: its camera still shows, but their messages do not arrive.
    const seenByOp = await op.whoList((names) => names.includes('hib-later'));
    expect(seenByOp.find((e) => e.username === 'hib-cam')?.video).toBe(1 | 16);
    cam.send({ action: 'message', channel: 'lobby', message: 'after' });
    const after = await cam.next((m) => m.action === 'message' && m.message === '<p>after</p>');
    expect(after.msgID).toBeGreaterThan(before.msgID!);
    await op.nothing((m: Msg) => m.message === '<p>after</p>');

    // The large session kept its blocks: the blocked user is not in its who list, nor it in theirs.
    const pickyList = await picky.whoList((names) => names.includes('hib-later'));
    expect(pickyList.map((e) => e.username)).not.toContain('hib-cam');
    expect((await cam.whoList((names) => names.includes('hib-later'))).map((e) => e.username)).not.toContain('hib-picky');

    // The ban holds.
    const banned = await ChatClient.connect(server.wsUrl);
    expect((await banned.login('hib-banned')).message).toMatch(/banned/);
    banned.close();

    // The cached blocklist is still embedded in that user's page.
    const page = await (await fetch(`${server.url}/?jwt=${await signToken({ sub: 'hib-later' })}`)).text();
    expect(page).toContain('const CachedBlocklist = ["hib-cam"];');

    for (const c of [op, cam, picky, later]) c.close();
  });
});
