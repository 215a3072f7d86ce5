import { describe, expect, it } from 'vitest';
import { seesVideo, type ChatClient } from '../support/client.ts';
import { chatServer } from '../support/fixture.ts';
import { moderationRule } from '../support/server.ts';

const Active = 1;
const NSFW = 2;
const Muted = 4;
const MutualRequired = 16;
const MutualOpen = 32;
const OnlyVIP = 64;
const Invited = 128;

const fx = chatServer({
  PermitNSFW: true,
  ModerationRule: [
    moderationRule('rule-nocam', { NoBroadcast: true }),
    moderationRule('rule-red', { CameraAlwaysNSFW: true }),
    moderationRule('rule-both', { NoBroadcast: true, CameraAlwaysNSFW: true }),
    moderationRule('rule-blind', { NoVideo: true }),
  ],
});
const { user } = fx;

async function camera(c: ChatClient, name: string, video: number, watcher: ChatClient): Promise<void> {
  c.send({ action: 'me', video, status: 'online' });
  await seesVideo(watcher, name, video);
}

/**
 * Turn the camera on against a rule that cuts it: `cut` must arrive before any who list showing
 * the camera as the rule left it (`result`), or the client would turn it straight back on.
 */
async function cutBeforeWho(c: ChatClient, name: string, result: number): Promise<void> {
  c.send({ action: 'me', video: Muted, status: 'online' });
  await seesVideo(c, name, Muted);
  c.skip();
  c.send({ action: 'me', video: Active | Muted, status: 'online' });
  const first = await c.next(
    (m) => m.action === 'cut' || (m.action === 'who' && m.whoList?.find((e) => e.username === name)?.video === result),
  );
  expect(first).toEqual({ action: 'cut' });
}

const strings = () => fx.server.settings.Strings;

describe('camera flags in me', () => {
  it('are stored and shown to everyone exactly as sent, unknown bits included, with status and dnd', async () => {
    const a = await user('flags-a');
    const b = await user('flags-b');
    const flags = Active | 4 | MutualRequired | 256 | 1024;
    a.send({ action: 'me', video: flags, status: 'brb', dnd: true });
    for (const viewer of [a, b]) {
      const list = await viewer.whoList((_n, l) => l.some((e) => e.username === 'flags-a' && e.video === flags));
      expect(list.find((e) => e.username === 'flags-a')).toMatchObject({ status: 'brb', dnd: true, video: flags });
    }
  });

  it('turning the camera off shows it off to everyone', async () => {
    const a = await user('off-a');
    const b = await user('off-b');
    await camera(a, 'off-a', Active, b);
    await camera(a, 'off-a', 0, b);
  });

  it('a non-operator asking to be hidden is shown as away', async () => {
    const a = await user('hide-guest');
    a.send({ action: 'me', video: 0, status: 'hidden' });
    await a.whoList((_n, l) => l.find((e) => e.username === 'hide-guest')?.status === 'away');
  });

  it('an operator going hidden leaves everyone’s list with an exit line and comes back with a join line', async () => {
    const op = await user('hide-op', { op: true });
    const b = await user('hide-watcher');
    await b.whoList((n) => n.includes('hide-op'));
    b.skip();
    op.send({ action: 'me', video: 0, status: 'hidden' });
    expect(await b.next((m) => m.action === 'presence' && m.username === 'hide-op')).toMatchObject({
      message: 'has exited the room!',
    });
    await b.whoList((n) => !n.includes('hide-op'));
    await op.whoList((n) => !n.includes('hide-op') && n.includes('hide-watcher'));
    op.send({ action: 'me', video: 0, status: 'online' });
    expect(await b.next((m) => m.action === 'presence' && m.username === 'hide-op')).toMatchObject({
      message: 'has joined the room!',
    });
    await b.whoList((n) => n.includes('hide-op'));
  });
});

describe('moderation rules on me', () => {
  it('a NoBroadcast rule from settings sends cut and the rule text before the who list shows the camera off', async () => {
    const a = await user('rule-nocam');
    await cutBeforeWho(a, 'rule-nocam', 0);
    expect(await a.next('error')).toMatchObject({ username: 'ChatServer', message: strings().ModRuleErrorNoBroadcast });
    await seesVideo(a, 'rule-nocam', 0);
  });

  it.each([['nobroadcast'], ['novideo']])('a JWT %s rule cuts the camera too', async (rule) => {
    const a = await user(`jwt-${rule}`, { rules: [rule] });
    const b = await user(`jwt-${rule}-watcher`);
    await cutBeforeWho(a, `jwt-${rule}`, 0);
    await seesVideo(b, `jwt-${rule}`, 0);
  });

  it('a redcam rule marks the camera explicit and reflects me', async () => {
    const a = await user('rule-red');
    const b = await user('rule-red-watcher');
    a.skip();
    a.send({ action: 'me', video: Active, status: 'online' });
    expect(await a.next('error')).toMatchObject({ message: strings().ModRuleErrorCameraAlwaysNSFW });
    expect(await a.next('me')).toEqual({ action: 'me', username: 'rule-red', video: Active | NSFW });
    await seesVideo(b, 'rule-red', Active | NSFW);
  });

  it('a JWT redcam rule leaves an already explicit camera alone', async () => {
    const a = await user('jwt-red', { rules: ['redcam'] });
    const b = await user('jwt-red-watcher');
    a.skip();
    a.send({ action: 'me', video: Active, status: 'online' });
    expect(await a.next('me')).toEqual({ action: 'me', username: 'jwt-red', video: Active | NSFW });
    a.skip();
    a.send({ action: 'me', video: Active | NSFW | 4, status: 'online' });
    await seesVideo(b, 'jwt-red', Active | NSFW | 4);
    await a.nothing('me');
  });

  it('with both rules the camera ends off but marked explicit, as in the original', async () => {
    const a = await user('rule-both');
    await cutBeforeWho(a, 'rule-both', NSFW);
    expect(await a.next('me')).toEqual({ action: 'me', username: 'rule-both', video: NSFW });
    await seesVideo(a, 'rule-both', NSFW);
  });

  it('a NoVideo rule stops the user from opening cameras', async () => {
    const b = await user('blind-cam');
    const v = await user('rule-blind');
    await camera(b, 'blind-cam', Active, v);
    v.skip();
    b.skip();
    v.send({ action: 'open', username: 'blind-cam' });
    expect(await v.next('error')).toMatchObject({ message: strings().ModRuleErrorNoVideo });
    await b.nothing('ring');
  });
});

describe('open and ring', () => {
  it('ring the broadcaster, then open for the viewer, with the same 16-letter secret', async () => {
    const b = await user('ring-b');
    const v = await user('ring-v');
    await camera(b, 'ring-b', Active, v);
    b.skip();
    v.skip();
    v.send({ action: 'open', username: 'ring-b' });
    const ring = await b.next('ring');
    const opened = await v.next('open');
    expect(ring).toEqual({ action: 'ring', username: 'ring-v', openSecret: expect.stringMatching(/^[a-z]{16}$/) });
    expect(opened).toEqual({ action: 'open', username: 'ring-b', openSecret: ring['openSecret'] });
  });

  it('refuse an offline broadcaster and a camera that is off', async () => {
    const b = await user('off-cam');
    const v = await user('off-viewer');
    v.skip();
    v.send({ action: 'open', username: 'nobody-home' });
    expect((await v.next('error')).message).toBe('Could not open that video: nobody-home appears to be offline.');
    v.send({ action: 'open', username: 'off-cam' });
    expect((await v.next('error')).message).toMatch(/^Could not open that video: off-cam's camera is not currently on/);
    await b.nothing('ring');
  });

  it('mutual cameras: a viewer must be on camera first unless invited', async () => {
    const b = await user('mutual-b');
    const v = await user('mutual-v');
    const w = await user('mutual-w');
    await camera(b, 'mutual-b', Active | MutualRequired, v);
    v.skip();
    v.send({ action: 'open', username: 'mutual-b' });
    expect((await v.next('error')).message).toContain('mutual-b has asked that viewers turn on their own camera');
    await camera(v, 'mutual-v', Active, b);
    v.send({ action: 'open', username: 'mutual-b' });
    expect(await v.next('open')).toMatchObject({ username: 'mutual-b' });

    b.send({ action: 'video-invite', usernames: ['mutual-w'] });
    await seesVideo(w, 'mutual-b', Active | MutualRequired | Invited);
    await seesVideo(v, 'mutual-b', Active | MutualRequired);
    w.skip();
    w.send({ action: 'open', username: 'mutual-b' });
    expect(await w.next((m) => m.action === 'open' || m.action === 'error')).toMatchObject({
      action: 'open',
      username: 'mutual-b',
    });
  });

  it('VIP-only cameras: hidden from and refused to non-VIPs, open to VIPs, operators and invitees', async () => {
    const b = await user('vipcam-b', { vip: true });
    const guest = await user('vipcam-guest');
    const vip = await user('vipcam-vip', { vip: true });
    const op = await user('vipcam-op', { op: true });
    const friend = await user('vipcam-friend');
    b.send({ action: 'me', video: Active | OnlyVIP, status: 'online' });
    await seesVideo(vip, 'vipcam-b', Active | OnlyVIP);
    await seesVideo(guest, 'vipcam-b', 0);
    guest.skip();
    guest.send({ action: 'open', username: 'vipcam-b' });
    expect((await guest.next('error')).message).toBe(
      'Could not open that video: You do not have permission to view that camera.',
    );
    for (const c of [vip, op]) {
      c.skip();
      c.send({ action: 'open', username: 'vipcam-b' });
      expect(await c.next((m) => m.action === 'open' || m.action === 'error')).toMatchObject({ action: 'open' });
    }
    b.send({ action: 'video-invite', usernames: ['vipcam-friend'] });
    await b.sync();
    friend.skip();
    friend.send({ action: 'open', username: 'vipcam-b' });
    expect(await friend.next((m) => m.action === 'open' || m.action === 'error')).toMatchObject({ action: 'open' });
  });

  it('a boot, mute or block refuses the viewer with the same words as the VIP refusal', async () => {
    const b = await user('shun-b');
    const booted = await user('shun-booted');
    const muted = await user('shun-muted');
    const blocked = await user('shun-blocked');
    await camera(b, 'shun-b', Active, booted);
    b.send({ action: 'boot', username: 'shun-booted' });
    b.send({ action: 'mute', username: 'shun-muted' });
    b.send({ action: 'block', username: 'shun-blocked' });
    await seesVideo(booted, 'shun-b', 0);
    for (const c of [booted, muted, blocked]) {
      c.skip();
      c.send({ action: 'open', username: 'shun-b' });
      expect((await c.next('error')).message).toBe('Could not open that video: You do not have permission to view that camera.');
    }
    await b.nothing('ring');
  });

  it('an operator who was booted still opens the camera, with the exact note the client diverts', async () => {
    const b = await user('note-b');
    const op = await user('note-op', { op: true });
    await camera(b, 'note-b', Active | MutualOpen, op);
    op.skip();
    b.send({ action: 'boot', username: 'note-op' });
    expect((await op.next('error')).message).toBe('note-b has booted you off of their camera!');
    await seesVideo(op, 'note-b', Active);
    op.skip();
    op.send({ action: 'open', username: 'note-b' });
    expect((await op.next('error')).message).toBe(
      "Note: note-b had booted you off their camera before, and won't be notified of your watch.",
    );
    expect(await op.next('open')).toMatchObject({ username: 'note-b' });
    expect(await b.next('ring')).toMatchObject({ username: 'note-op' });
  });

  it('an operator who was muted by the broadcaster gets a note too, and the ring goes out', async () => {
    const b = await user('mnote-b');
    const op = await user('mnote-op', { op: true });
    await camera(b, 'mnote-b', Active, op);
    b.send({ action: 'mute', username: 'mnote-op' });
    await op.next((m) => m.action === 'error' && /muted you/.test(m.message ?? ''));
    op.send({ action: 'open', username: 'mnote-b' });
    expect((await op.next('error')).message).toBe("Note: mnote-b had muted you before, and won't be notified of your watch.");
    expect(await op.next('open')).toMatchObject({ username: 'mnote-b' });
    expect(await b.next('ring')).toMatchObject({ username: 'mnote-op' });
  });
});

describe('WebRTC relay', () => {
  it('passes candidate, sdp, watch and unwatch to the named user only, strings untouched', async () => {
    const a = await user('relay-a');
    const b = await user('relay-b');
    const c = await user('relay-c');
    b.skip();
    c.skip();
    const candidate =
      '{"sdpMid":"0","candidate":"candidate:1 1 udp 2122260223 10.0.0.1 54400 typ host","sdpMLineIndex":0,"usernameFragment":"é\\u00e9/"}';
    const description = '{"type":"offer","sdp":"v=0\\r\\no=- 46117 2 IN IP4 127.0.0.1\\r\\n"}';
    a.send({ action: 'candidate', username: 'relay-b', candidate });
    expect(await b.next('candidate')).toEqual({ action: 'candidate', username: 'relay-a', candidate });
    a.send({ action: 'sdp', username: 'relay-b', description });
    expect(await b.next('sdp')).toEqual({ action: 'sdp', username: 'relay-a', description });
    a.send({ action: 'watch', username: 'relay-b' });
    expect(await b.next('watch')).toEqual({ action: 'watch', username: 'relay-a' });
    a.send({ action: 'unwatch', username: 'relay-b' });
    expect(await b.next('unwatch')).toEqual({ action: 'unwatch', username: 'relay-a' });
    await c.nothing((m) => ['candidate', 'sdp', 'watch', 'unwatch'].includes(m.action));
  });

  it('ignores signalling for someone who is not online', async () => {
    const a = await user('relay-lonely');
    a.skip();
    a.send({ action: 'candidate', username: 'relay-nobody', candidate: '{}' });
    a.send({ action: 'sdp', username: 'relay-nobody', description: '{}' });
    await a.nothing((m) => m.action !== 'who' && m.action !== 'presence');
  });
});
