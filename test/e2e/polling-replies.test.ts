import { describe, expect, it } from 'vitest';
import { postApi } from '../support/api.ts';
import { chatServer } from '../support/fixture.ts';
import { PollClient, type PollReply } from '../support/poller.ts';
import { signToken } from '../support/tokens.ts';

const fx = chatServer();

const whoIn = (reply: PollReply) => reply.body.messages.filter((m) => m.action === 'who').at(-1);
const namesIn = (reply: PollReply) => (whoIn(reply)?.whoList ?? []).map((e) => e.username);

describe('a polling reply carries the who list its own action caused', () => {
  it('for login, me and block, in the same reply', async () => {
    const other = await fx.user('poll-neighbour');
    const poller = new PollClient(fx.server.url);

    const login = await poller.login('poll-lena');
    expect(namesIn(login)).toEqual(expect.arrayContaining(['poll-lena', 'poll-neighbour']));

    const me = await poller.poll({ action: 'me', status: 'away', video: 0 });
    expect(whoIn(me)?.whoList?.find((e) => e.username === 'poll-lena')?.status).toBe('away');

    const block = await poller.poll({ action: 'block', username: 'poll-neighbour' });
    expect(namesIn(block)).toContain('poll-lena');
    expect(namesIn(block)).not.toContain('poll-neighbour');
    other.close();
  });
});

describe('/api/amend-jwt renaming a polling user', () => {
  it('is followed by their next poll under the old name, which learns the new one', async () => {
    const poller = new PollClient(fx.server.url);
    expect((await poller.login('x', { jwt: await signToken({ sub: 'poll-old' }) })).body.username).toBe('poll-old');

    const amend = await postApi(`${fx.server.url}/api/amend-jwt`, {
      APIKey: 'test-admin-key',
      Username: 'poll-old',
      JWTToken: await signToken({ sub: 'poll-new' }),
    });
    expect(amend.body).toMatchObject({ OK: true });

    const next = await poller.poll();
    expect(next.status).toBe(200);
    expect(next.body.username).toBe('poll-new');
    expect(next.body.messages).toContainEqual(expect.objectContaining({ action: 'me', username: 'poll-new' }));
    expect(next.body.messages.map((m) => m.action)).not.toContain('disconnect');
    // From now on it polls under the new name.
    expect((await poller.poll()).status).toBe(200);
    expect(poller.username).toBe('poll-new');
  });
});
