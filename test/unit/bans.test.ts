import { describe, expect, it } from 'vitest';
import { createTestRoom } from '../support/fake-room.ts';

const HOUR = 3_600_000;

describe('bans on a manual clock', () => {
  it('keep a banned user out for exactly the hours given, across reconnects', async () => {
    const { room, time, connect } = createTestRoom();
    const op = connect();
    await op.login('ban-op', { op: true });
    const bob = connect();
    await bob.login('bob');

    op.send({ action: 'message', channel: 'lobby', message: '/ban bob 2' });
    expect(bob.last('error')?.message).toContain('banned from the chat room by ban-op');
    expect(bob.last('disconnect')).toBeTruthy();
    expect(op.last('error')?.message).toBe('bob has been banned from the room for 2 hours.');
    room.disconnect(bob.session);

    const again = connect();
    const refused = await again.login('bob');
    expect(refused.action).toBe('error');
    expect(refused.message).toContain('Your ban expires in: 2h0m0s');
    expect(again.last('disconnect')).toBeTruthy();

    time.advance(2 * HOUR - 1000);
    const stillBanned = await connect().login('bob');
    expect(stillBanned.message).toContain('Your ban expires in: 1s');

    time.advance(1000);
    expect(await connect().login('bob')).toEqual({ action: 'me', username: 'bob' });
    room.close();
  });

  it('default to 24 hours, and an unparsable hours argument falls back to that', async () => {
    const { room, time, connect } = createTestRoom();
    const op = connect();
    await op.login('ban-op2', { op: true });
    op.send({ action: 'message', channel: 'lobby', message: '/ban carol soon' });
    expect(op.last('error')?.message).toBe('carol has been banned from the room for 24 hours.');
    time.advance(24 * HOUR - 1);
    expect((await connect().login('carol')).action).toBe('error');
    time.advance(1);
    expect((await connect().login('carol')).action).toBe('me');
    room.close();
  });

  it('are listed by /bans until they expire, and /unban lifts one early', async () => {
    const { room, time, connect } = createTestRoom();
    const op = connect();
    await op.login('ban-op3', { op: true });
    op.send({ action: 'message', channel: 'lobby', message: '/ban dave 1' });
    op.send({ action: 'message', channel: 'lobby', message: '/ban "erin 2" 3' });
    op.send({ action: 'message', channel: 'lobby', message: '/bans' });
    const list = op.last('error')?.message ?? '';
    const expiry = (h: number) => new Date(time.now() + h * HOUR).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(list).toContain(`<code>dave</code> until ${expiry(1)}`);
    expect(list).toContain(`<code>erin 2</code> until ${expiry(3)}`);

    time.advance(HOUR);
    op.send({ action: 'message', channel: 'lobby', message: '/bans' });
    expect(op.last('error')?.message).not.toContain('dave');

    op.send({ action: 'message', channel: 'lobby', message: '/unban @erin\\ 2' });
    expect(op.last('error')?.message).toBe('The ban on erin 2 has been lifted.');
    expect((await connect().login('erin 2')).action).toBe('me');
    op.send({ action: 'message', channel: 'lobby', message: '/unban erin' });
    expect(op.last('error')?.message).toContain('erin is not banned');
    op.send({ action: 'message', channel: 'lobby', message: '/bans' });
    expect(op.last('error')?.message).toBe('Nobody is banned.');
    room.close();
  });
});
