import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, seesVideo } from '../support/client.ts';
import { chatServer } from '../support/fixture.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook.ts';

const Active = 1;
const NSFW = 2;

let hooks: WebhookReceiver;
beforeAll(async () => {
  hooks = await startWebhookReceiver();
});
afterAll(async () => {
  await hooks.close();
});
// The receiver's address is known only once it listens (before the server starts), so it is read lazily.
const fx = chatServer({
  PermitNSFW: true,
  get WebhookURLs() {
    return [{ Name: 'report', Enabled: true, URL: hooks.url }];
  },
});
const { user } = fx;

const online = async (name: string): Promise<boolean> =>
  ((await (await fetch(`${fx.server.url}/api/statistics`)).json()) as { Usernames: string[] }).Usernames.includes(name);

describe('slash text that is not an operator command', () => {
  it('from a non-operator is posted as chat and has no effect', async () => {
    const guest = await user('cmd-guest');
    const target = await user('cmd-target');
    guest.send({ action: 'message', channel: 'lobby', message: '/kick cmd-target' });
    expect(await target.next('message')).toMatchObject({ username: 'cmd-guest', message: '<p>/kick cmd-target</p>' });
    await target.nothing('disconnect');
    expect(await online('cmd-target')).toBe(true);
  });

  it('from an operator: unknown commands and unbalanced quotes are posted as chat', async () => {
    const op = await user('cmd-op0', { op: true });
    const other = await user('cmd-other0');
    op.send({ action: 'message', channel: 'lobby', message: '/dance wildly' });
    expect(await other.next('message')).toMatchObject({ username: 'cmd-op0', message: '<p>/dance wildly</p>' });
    op.send({ action: 'message', channel: 'lobby', message: '/kick "cmd-other0' });
    expect(await other.next('message')).toMatchObject({ username: 'cmd-op0', message: '<p>/kick &quot;cmd-other0</p>' });
    await other.nothing('disconnect');
  });
});

describe('/kick', () => {
  it('removes the user with a kicked line for everyone; they may come back', async () => {
    const op = await user('kick-op', { op: true });
    const target = await user('kick me 2');
    const watcher = await user('kick-watcher');
    expect(await command(op, '/kick')).toContain('Usage: <code>/kick &lt;username&gt;</code>');
    expect(await command(op, '/kick nobody-here')).toBe('Could not find user nobody-here in the chat room.');
    expect(await command(op, '/kick @kick-op')).toBe('You can not kick yourself.');
    expect(await command(op, '/kick "@kick me 2"')).toBe('kick me 2 has been kicked from the room.');
    expect(await watcher.next('presence')).toEqual({
      action: 'presence',
      username: 'kick me 2',
      message: 'has been kicked from the room!',
    });
    expect(await target.next('error')).toMatchObject({ message: 'You have been kicked from the chat room by kick-op.' });
    await target.next('disconnect');
    await watcher.whoList((n) => !n.includes('kick me 2'));
    target.close();
    await watcher.nothing((m) => m.action === 'presence' && m.username === 'kick me 2');
    await user('kick me 2');
  });
});

describe('/ban, /bans and /unban', () => {
  it('keeps a banned user out across reconnects until unbanned', async () => {
    const op = await user('ban-op', { op: true });
    const target = await user('ban-target');
    const watcher = await user('ban-watcher');
    expect(await command(op, '/ban')).toContain('Bans last 24 hours');
    expect(await command(op, '/ban ban-target 2')).toBe('ban-target has been banned from the room for 2 hours.');
    expect(await watcher.next('presence')).toEqual({ action: 'presence', username: 'ban-target', message: 'has been banned!' });
    expect((await target.next('error')).message).toBe(
      'You have been banned from the chat room by ban-op. You may come back after 2 hours.',
    );
    await target.next('disconnect');
    target.close();

    const again = await fx.connect();
    const refused = await again.login('ban-target');
    expect(refused.action).toBe('error');
    expect(refused.message).toMatch(/banned.*Your ban expires in: 1h59m5\d(\.\d+)?s|banned.*Your ban expires in: 2h0m0s/s);
    await again.next('disconnect');

    const list = await command(op, '/bans');
    expect(list).toMatch(/<li><code>ban-target<\/code> until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/li>/);
    expect(await command(op, '/unban ban-target')).toBe('The ban on ban-target has been lifted.');
    expect(await command(op, '/unban ban-target')).toBe('ban-target is not banned. Use <code>/bans</code> to see who is.');
    await user('ban-target 2');
    const back = await fx.connect();
    expect((await back.login('ban-target')).action).toBe('me');
  });

  it('bans someone who is not online', async () => {
    const op = await user('ban-op2', { op: true });
    expect(await command(op, '/ban ghost 1')).toBe('ghost has been banned from the room for 1 hours.');
    const ghost = await fx.connect();
    expect((await ghost.login('ghost')).message).toContain('banned');
  });
});

describe('/nsfw', () => {
  it('marks an online camera explicit, tells its owner, updates everyone and reports it', async () => {
    const op = await user('nsfw-op', { op: true });
    const cam = await user('nsfw-cam');
    const watcher = await user('nsfw-watcher');
    expect(await command(op, '/nsfw')).toContain('Usage');
    expect(await command(op, '/nsfw nsfw-cam')).toBe("nsfw-cam's camera is not currently enabled.");
    cam.send({ action: 'me', video: Active, status: 'online' });
    await seesVideo(op, 'nsfw-cam', Active);
    cam.skip();
    expect(await command(op, '/nsfw @nsfw-cam')).toBe("nsfw-cam's camera has been marked as explicit.");
    expect((await cam.next('error')).message).toContain('marked as explicit for you by @nsfw-op');
    expect(await cam.next('me')).toEqual({ action: 'me', username: 'nsfw-cam', video: Active | NSFW });
    await seesVideo(watcher, 'nsfw-cam', Active | NSFW);
    const report = await hooks.next((b) => (b as { Report?: { AboutUsername?: string } }).Report?.AboutUsername === 'nsfw-cam');
    expect(report).toMatchObject({
      Action: 'report',
      APIKey: 'test-admin-key',
      Report: { FromUsername: 'nsfw-op', AboutUsername: 'nsfw-cam', Channel: 'n/a', Reason: 'NSFW command' },
    });
    expect(await command(op, '/nsfw nsfw-cam')).toBe("nsfw-cam's camera was already marked as explicit.");
    expect(await command(op, '/nsfw nobody-here')).toBe('Could not find user nobody-here in the chat room.');
  });

  it('does not name the operator to a broadcaster who had booted them', async () => {
    const op = await user('nsfw-op2', { op: true });
    const cam = await user('nsfw-cam2');
    cam.send({ action: 'me', video: Active, status: 'online' });
    cam.send({ action: 'boot', username: 'nsfw-op2' });
    await op.next((m) => m.action === 'error' && /booted you/.test(m.message ?? ''));
    cam.skip();
    await command(op, '/nsfw nsfw-cam2');
    const reminder = (await cam.next('error')).message;
    expect(reminder).toContain('detected');
    expect(reminder).not.toContain('nsfw-op2');
  });
});

describe('/cut', () => {
  it('tells the broadcaster’s client to turn the camera off', async () => {
    const op = await user('cut-op', { op: true });
    const cam = await user('cut-cam');
    expect(await command(op, '/cut')).toContain('Usage');
    expect(await command(op, '/cut cut-cam')).toBe("cut-cam's camera is not currently enabled.");
    cam.send({ action: 'me', video: Active, status: 'online' });
    await seesVideo(op, 'cut-cam', Active);
    cam.skip();
    expect(await command(op, '/cut cut-cam')).toBe('cut-cam has been told to turn their camera off.');
    expect(await cam.next('cut')).toEqual({ action: 'cut' });
  });
});

describe('/op and /deop', () => {
  it('grant and take away operator rights, shown in the who list and on the next command', async () => {
    const op = await user('op-op', { op: true });
    const friend = await user('op-friend');
    expect(await command(op, '/op nobody-here')).toBe('Could not find user nobody-here in the chat room.');
    expect(await command(op, '/op op-friend')).toBe('Operator rights have been granted to op-friend.');
    await op.whoList((_n, l) => l.find((e) => e.username === 'op-friend')?.op === true);
    expect(await command(friend, '/help')).toContain('/kick');
    expect(await command(op, '/deop op-friend')).toBe('Operator rights have been taken from op-friend.');
    await op.whoList((_n, l) => l.find((e) => e.username === 'op-friend')?.op === false);
    friend.send({ action: 'message', channel: 'lobby', message: '/help' });
    expect(await op.next('message')).toMatchObject({ username: 'op-friend', message: '<p>/help</p>' });
  });
});

describe('/unmute-all', () => {
  it('lifts every mute of the operator', async () => {
    const op = await user('unm-op', { op: true });
    const noisy = await user('unm-noisy');
    op.send({ action: 'mute', username: 'unm-noisy' });
    op.send({ action: 'mute', username: 'unm-offline' });
    await op.sync();
    noisy.send({ action: 'message', channel: 'lobby', message: 'muted words' });
    await noisy.next('message');
    await op.nothing('message');
    expect(await command(op, '/unmute-all')).toBe('Your mutes on 2 users have been lifted.');
    noisy.send({ action: 'message', channel: 'lobby', message: 'heard again' });
    expect(await op.next('message')).toMatchObject({ username: 'unm-noisy', message: '<p>heard again</p>' });
  });
});

describe('/help', () => {
  it('lists the common and the advanced commands', async () => {
    const op = await user('help-op', { op: true });
    const help = await command(op, '/help');
    for (const c of ['/kick', '/ban', '/unban', '/bans', '/nsfw', '/cut', '/help-advanced']) expect(help).toContain(`<code>${c}`);
    expect(help).toContain('&quot;username 2&quot;');
    const advanced = await command(op, '/help-advanced');
    for (const c of ['/op', '/deop', '/shutdown', '/kickall', '/reconfigure']) expect(advanced).toContain(`<code>${c}`);
    expect(advanced).toContain('<strong>dangerous</strong>');
  });
});
