import { describe, expect, it } from 'vitest';
import { seesVideo, type ChatClient } from '../support/client.ts';
import { chatServer } from '../support/fixture.ts';

const Active = 1;
const MutualOpen = 32;

const fx = chatServer({ BlockableAdmins: false });
const { user } = fx;

const say = (c: ChatClient, text: string, channel = 'lobby') => c.send({ action: 'message', channel, message: text });
const chat = (from: string, text: string) => (m: { action: string; username?: string; message?: string }) =>
  m.action === 'message' && m.username === from && m.message === `<p>${text}</p>`;

describe('boot', () => {
  it('shows the camera as off to the booted viewer only, until unboot', async () => {
    const b = await user('boot-b');
    const v = await user('boot-v');
    const other = await user('boot-other');
    b.send({ action: 'me', video: Active, status: 'online' });
    await seesVideo(v, 'boot-b', Active);
    v.skip();
    b.send({ action: 'boot', username: 'boot-v' });
    await seesVideo(v, 'boot-b', 0);
    await seesVideo(other, 'boot-b', Active);
    await seesVideo(b, 'boot-b', Active);
    // Undetectable: no notice to a booted non-operator.
    await v.nothing('error');
    b.send({ action: 'unboot', username: 'boot-v' });
    await seesVideo(v, 'boot-b', Active);
  });

  it('tells a booted operator, who keeps seeing the camera without auto-open', async () => {
    const b = await user('boot-b2');
    const op = await user('boot-op', { op: true });
    b.send({ action: 'me', video: Active | MutualOpen, status: 'online' });
    await seesVideo(op, 'boot-b2', Active | MutualOpen);
    op.skip();
    b.send({ action: 'boot', username: 'boot-op' });
    expect(await op.next('error')).toEqual({
      action: 'error',
      username: 'ChatServer',
      message: 'boot-b2 has booted you off of their camera!',
    });
    await seesVideo(op, 'boot-b2', Active);
  });
});

describe('mute', () => {
  it('hides the muted user’s public messages, reactions and presence from the muter only', async () => {
    const a = await user('mute-a');
    const m = await user('mute-m');
    const c = await user('mute-c');
    a.send({ action: 'mute', username: 'mute-m' });
    await a.sync();
    for (const x of [a, c]) x.skip();
    say(m, 'can you hear me');
    await c.next(chat('mute-m', 'can you hear me'));
    m.send({ action: 'react', msgID: 1, message: '👍' });
    await c.next('react');
    await a.nothing((x) => x.username === 'mute-m' && (x.action === 'message' || x.action === 'react'));
    // The muted user still sees the muter's messages and camera.
    say(a, 'I can talk');
    await m.next(chat('mute-a', 'I can talk'));
    a.send({ action: 'unmute', username: 'mute-m' });
    await a.sync();
    a.skip();
    say(m, 'back again');
    await a.next(chat('mute-m', 'back again'));
  });

  it('drops DMs from the muted user silently, and refuses the muter’s DMs to them with a reason', async () => {
    const a = await user('mutedm-a');
    const m = await user('mutedm-m');
    a.send({ action: 'mute', username: 'mutedm-m' });
    await a.sync();
    a.skip();
    m.skip();
    m.send({ action: 'message', channel: '@mutedm-a', message: 'psst' });
    expect(await m.next('message')).toMatchObject({ channel: '@mutedm-a', message: '<p>psst</p>' });
    await a.nothing('message');
    await m.nothing('error');
    a.send({ action: 'message', channel: '@mutedm-m', message: 'hello?' });
    await a.next('message');
    expect((await a.next('error')).message).toBe('Your message was not sent because you have muted mutedm-m.');
    await m.nothing('message');
  });

  it('hides the muter’s camera from the muted user', async () => {
    const a = await user('mutecam-a');
    const m = await user('mutecam-m');
    a.send({ action: 'me', video: Active, status: 'online' });
    await seesVideo(m, 'mutecam-a', Active);
    a.send({ action: 'mute', username: 'mutecam-m' });
    await seesVideo(m, 'mutecam-a', 0);
  });

  it('tells a muted operator the new mute state', async () => {
    const a = await user('muteop-a');
    const op = await user('muteop-op', { op: true });
    op.skip();
    a.send({ action: 'mute', username: 'muteop-op' });
    expect((await op.next('error')).message).toBe('muteop-a has muted you on chat (muted: true).');
    a.send({ action: 'unmute', username: 'muteop-op' });
    expect((await op.next('error')).message).toBe('muteop-a has unmuted you on chat (muted: false).');
  });
});

describe('block', () => {
  it('makes two users invisible to each other both ways, in the who list, chat, DMs and presence', async () => {
    const a = await user('block-a');
    const b = await user('block-b');
    const c = await user('block-c');
    a.send({ action: 'block', username: 'block-b' });
    await a.whoList((n) => !n.includes('block-b') && n.includes('block-c'));
    await b.whoList((n) => !n.includes('block-a') && n.includes('block-c'));
    await c.whoList((n) => n.includes('block-a') && n.includes('block-b'));
    for (const x of [a, b, c]) x.skip();
    say(a, 'from a');
    say(b, 'from b');
    await c.next(chat('block-a', 'from a'));
    await c.next(chat('block-b', 'from b'));
    b.send({ action: 'message', channel: '@block-a', message: 'direct' });
    await b.next((m) => m.action === 'message' && m.channel === '@block-a');
    await a.nothing((m) => m.username === 'block-b');
    await b.nothing((m) => m.username === 'block-a');
  });

  it('refuses to block an online operator, who stays visible', async () => {
    const a = await user('blockop-a');
    await user('blockop-op', { op: true });
    a.skip();
    a.send({ action: 'block', username: 'blockop-op' });
    expect((await a.next('error')).message).toBe('You are not allowed to block a chat operator.');
    await a.whoList((n) => n.includes('blockop-op'));
  });

  it('a blocklist before login mutes and blocks, and keeps those users out of the echo of recent messages', async () => {
    const x = await user('bl-x');
    const y = await user('bl-y');
    say(x, 'x was here');
    say(y, 'y was here');
    await y.next(chat('bl-y', 'y was here'));
    const me = await fx.connect();
    me.send({ action: 'blocklist', usernames: ['bl-x'] });
    await me.login('bl-me');
    const echo = await me.next('echo');
    const texts = (echo.messages ?? []).map((m) => `${m.username}: ${m.message}`);
    expect(texts).toContain('bl-y: <p>y was here</p>');
    expect(texts.filter((t) => t.startsWith('bl-x:'))).toEqual([]);
    await me.whoList((n) => n.includes('bl-y') && !n.includes('bl-x'));
    await x.whoList((n) => n.includes('bl-y') && !n.includes('bl-me'));
  });

  it('a blocklist naming an operator does not hide them (admins are exempt)', async () => {
    await user('blop-op', { op: true });
    const me = await fx.connect();
    me.send({ action: 'blocklist', usernames: ['blop-op'] });
    await me.login('blop-me');
    await me.whoList((n) => n.includes('blop-op') && n.includes('blop-me'));
  });

  it('with BlockableAdmins on, operators can be blocked unless they used /unmute-all', async () => {
    const s = await fx.startAnother({ BlockableAdmins: true });
    const a = await user('ba-a', undefined, s);
    const op = await user('ba-op', { op: true }, s);
    const b = await user('ba-b', undefined, s);
    a.send({ action: 'block', username: 'ba-op' });
    b.send({ action: 'blocklist', usernames: ['ba-op'] });
    await op.whoList((n) => !n.includes('ba-a') && !n.includes('ba-b'));
    await a.whoList((n) => !n.includes('ba-op'));
    op.skip();
    op.send({ action: 'message', channel: 'lobby', message: '/unmute-all' });
    expect((await op.next('error')).message).toBe('Your mutes on 0 users have been lifted.');
    await op.whoList((n) => n.includes('ba-a') && n.includes('ba-b'));
    await a.whoList((n) => n.includes('ba-op'));
  });
});

describe('video-invite', () => {
  it('marks the camera as inviting for the invitee only', async () => {
    const b = await user('inv-b');
    const friend = await user('inv-friend');
    const other = await user('inv-other');
    b.send({ action: 'me', video: Active, status: 'online' });
    b.send({ action: 'video-invite', usernames: ['inv-friend'] });
    await seesVideo(friend, 'inv-b', Active | 128);
    await seesVideo(other, 'inv-b', Active);
    await seesVideo(b, 'inv-b', Active);
  });
});
