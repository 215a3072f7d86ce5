import { describe, expect, it } from 'vitest';
import type { ChatClient } from '../support/client.ts';
import { chatServer } from '../support/fixture.ts';

const Active = 1;
const NO_PERMISSION = 'Could not open that video: You do not have permission to view that camera.';

const fx = chatServer();

/** Wait until `c`'s who list is exactly these users with these camera flags, in name order. */
async function sees(c: ChatClient, expected: Record<string, number>): Promise<void> {
  const want = JSON.stringify(Object.entries(expected).sort(([a], [b]) => (a < b ? -1 : 1)));
  await c.whoList((_n, list) => JSON.stringify(list.map((e) => [e.username, e.video])) === want);
}

const line = (from: string, text: string) => (m: { action: string; username?: string; message?: string }) =>
  m.action === 'message' && m.username === from && m.message === `<p>${text}</p>`;

describe('five users, two cameras, a block, a mute, a boot, a kick and a ban', () => {
  it('each user sees exactly what the rules say', async () => {
    const op = await fx.user('op', { op: true });
    const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((n) => fx.user(n)));
    const everyone = { op: op, alice: alice!, bob: bob!, carol: carol!, dave: dave! };

    // Two cameras on; carol blocks dave; bob mutes carol; alice boots dave.
    alice!.send({ action: 'me', video: Active, status: 'online' });
    bob!.send({ action: 'me', video: Active, status: 'online' });
    carol!.send({ action: 'block', username: 'dave' });
    bob!.send({ action: 'mute', username: 'carol' });
    alice!.send({ action: 'boot', username: 'dave' });
    for (const c of Object.values(everyone)) await c.sync();

    const all = { op: 0, alice: Active, bob: Active, carol: 0, dave: 0 };
    await sees(op, all);
    await sees(alice!, all);
    await sees(bob!, all);
    await sees(carol!, { op: 0, alice: Active, bob: 0, carol: 0 });
    await sees(dave!, { op: 0, alice: 0, bob: Active, dave: 0 });

    // Opening cameras: dave was booted by alice, carol was muted by bob; carol may watch alice.
    dave!.send({ action: 'open', username: 'alice' });
    expect((await dave!.next('error')).message).toBe(NO_PERMISSION);
    carol!.send({ action: 'open', username: 'bob' });
    expect((await carol!.next('error')).message).toBe(NO_PERMISSION);
    carol!.send({ action: 'open', username: 'alice' });
    expect(await carol!.next('open')).toMatchObject({ username: 'alice' });
    expect(await alice!.next('ring')).toMatchObject({ username: 'carol' });
    await alice!.nothing((m) => m.action === 'ring' && m.username === 'dave');
    await bob!.nothing('ring');

    // Public chat: carol's line skips bob (mute) and dave (block); dave's line skips carol.
    for (const c of Object.values(everyone)) c.skip();
    const start = { bob: bob!.mark(), dave: dave!.mark(), carol: carol!.mark() };
    carol!.send({ action: 'message', channel: 'lobby', message: 'hi from carol' });
    dave!.send({ action: 'message', channel: 'lobby', message: 'hi from dave' });
    for (const c of [op, alice!, carol!]) await c.next(line('carol', 'hi from carol'));
    for (const c of [op, alice!, bob!, dave!]) await c.next(line('dave', 'hi from dave'));
    await bob!.nothing((m) => m.username === 'carol');
    expect(bob!.since(start.bob).filter((m) => m.username === 'carol')).toEqual([]);
    expect(dave!.since(start.dave).filter((m) => m.username === 'carol')).toEqual([]);
    expect(carol!.since(start.carol).filter((m) => m.username === 'dave')).toEqual([]);

    // The operator kicks dave: everyone but carol (who blocked him) sees him go.
    for (const c of Object.values(everyone)) c.skip();
    op.send({ action: 'message', channel: 'lobby', message: '/kick dave' });
    for (const c of [op, alice!, bob!, dave!]) {
      expect(await c.next('presence')).toEqual({
        action: 'presence',
        username: 'dave',
        message: 'has been kicked from the room!',
      });
    }
    expect((await op.next('error')).message).toBe('dave has been kicked from the room.');
    await dave!.next('disconnect');
    await carol!.nothing((m) => m.action === 'presence' && m.username === 'dave');
    dave!.close();

    // The operator bans bob: he is removed and cannot come back.
    op.send({ action: 'message', channel: 'lobby', message: '/ban bob' });
    // carol was muted by bob, not the other way round, so she sees the ban line too.
    for (const c of [op, alice!, bob!, carol!]) {
      expect(await c.next('presence')).toEqual({ action: 'presence', username: 'bob', message: 'has been banned!' });
    }
    expect((await op.next('error')).message).toBe('bob has been banned from the room for 24 hours.');
    await bob!.next('disconnect');
    bob!.close();
    const bobAgain = await fx.connect();
    expect((await bobAgain.login('bob')).message).toContain('banned');

    const left = { op: 0, alice: Active, carol: 0 };
    for (const c of [op, alice!, carol!]) await sees(c, left);
    const stats = (await (await fetch(`${fx.server.url}/api/statistics`)).json()) as { Usernames: string[] };
    expect(stats.Usernames.sort()).toEqual(['alice', 'carol', 'op']);
  }, 60_000);
});
