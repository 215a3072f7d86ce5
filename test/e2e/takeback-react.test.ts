import { describe, expect, it } from 'vitest';
import type { ChatClient } from '../support/client.ts';
import { chatServer } from '../support/fixture.ts';

const fx = chatServer();
const { user } = fx;

async function post(c: ChatClient, text: string, channel = 'lobby'): Promise<number> {
  c.send({ action: 'message', channel, message: text });
  const m = await c.next((x) => x.action === 'message' && x.message === `<p>${text}</p>`);
  return m.msgID!;
}

describe('takeback', () => {
  it('removes your own message for everyone, and from the echo shown to newcomers', async () => {
    const a = await user('tb-a');
    const b = await user('tb-b');
    const kept = await post(a, 'keep this');
    const gone = await post(a, 'oops, wrong window');
    await b.next((m) => m.msgID === gone);
    a.send({ action: 'takeback', msgID: gone });
    expect(await b.next('takeback')).toEqual({ action: 'takeback', msgID: gone });
    expect(await a.next('takeback')).toEqual({ action: 'takeback', msgID: gone });
    const late = await fx.connect();
    await late.login('tb-late');
    const ids = ((await late.next('echo')).messages ?? []).map((m) => m.msgID);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(gone);
  });

  it('refuses someone else’s message, but lets an operator take back any', async () => {
    const a = await user('tb-owner');
    const thief = await user('tb-thief');
    const op = await user('tb-op', { op: true });
    const id = await post(a, 'mine');
    await thief.next((m) => m.msgID === id);
    thief.send({ action: 'takeback', msgID: id });
    expect((await thief.next('error')).message).toBe('That is not your message to take back.');
    await a.nothing('takeback');
    op.send({ action: 'takeback', msgID: id });
    expect(await a.next('takeback')).toEqual({ action: 'takeback', msgID: id });
  });

  it('works for direct messages you sent', async () => {
    const a = await user('tb-dm-a');
    const b = await user('tb-dm-b');
    const id = await post(a, 'private oops', '@tb-dm-b');
    await b.next((m) => m.msgID === id);
    a.send({ action: 'takeback', msgID: id });
    expect(await b.next('takeback')).toEqual({ action: 'takeback', msgID: id });
  });
});

describe('react', () => {
  it('relays an emoji reaction with the reactor’s name to everyone', async () => {
    const a = await user('re-a');
    const b = await user('re-b');
    const id = await post(a, 'react to me');
    b.send({ action: 'react', msgID: id, message: '❤️' });
    for (const c of [a, b]) expect(await c.next('react')).toEqual({ action: 'react', username: 're-b', message: '❤️', msgID: id });
  });

  it('relays the -451 nudge to mark a camera explicit, naming the user', async () => {
    const a = await user('nudge-a');
    const b = await user('nudge-b');
    a.send({ action: 'react', msgID: -451, message: 'nudge-b' });
    expect(await b.next('react')).toEqual({ action: 'react', username: 'nudge-a', message: 'nudge-b', msgID: -451 });
  });

  it('is not delivered across a block', async () => {
    const a = await user('reblk-a');
    const b = await user('reblk-b');
    const c = await user('reblk-c');
    b.send({ action: 'block', username: 'reblk-a' });
    await b.sync();
    a.send({ action: 'react', msgID: 5, message: '🙂' });
    await c.next('react');
    await b.nothing('react');
  });
});
