import { describe, expect, it } from 'vitest';
import { moderationRules } from '../../src/core/moderation.ts';
import { compareCodePoints } from '../../src/core/text-order.ts';
import { createTestRoom } from '../support/fake-room.ts';
import { moderationRule as rule, testSettings } from '../support/server.ts';

describe('who lists per viewer', () => {
  it('sort names in UTF-8 byte order, not UTF-16 order', () => {
    // U+FF21 (fullwidth A) encodes below U+1F600 (an emoji) in UTF-8, but above its surrogates in UTF-16.
    const names = ['\u{1F600}x', '\uFF21', 'b', 'B', 'a\u{1F600}', 'a'];
    expect([...names].sort(compareCodePoints)).toEqual(['B', 'a', 'a\u{1F600}', 'b', '\uFF21', '\u{1F600}x']);
  });

  it('show a non-VIP broadcaster their own VIP-only camera while other non-VIPs see it off', async () => {
    const { room, connect } = createTestRoom();
    const users = [connect(), connect(), connect()];
    await users[0]!.login('a-viewer');
    await users[1]!.login('b-broadcaster', { op: true });
    await users[2]!.login('c-viewer');
    users[1]!.send({ action: 'me', video: 1 | 64, status: 'online' });
    room.who.flush();
    const videoOf = (u: (typeof users)[number]) => u.last('who')!.whoList!.find((e) => e.username === 'b-broadcaster')!.video;
    expect(videoOf(users[0]!)).toBe(0);
    expect(videoOf(users[1]!)).toBe(65);
    expect(videoOf(users[2]!)).toBe(0);
    room.close();
  });
});

describe('who-list details from the spec', () => {
  it('with VIP.MutuallySecret, show the vip mark to VIP viewers only', async () => {
    const { room, connect } = createTestRoom({ VIP: { MutuallySecret: true } });
    const vip = connect();
    const guest = connect();
    await vip.login('secret-vip', { vip: true });
    await guest.login('secret-guest');
    room.who.flush();
    const entry = (u: typeof vip) => u.last('who')!.whoList!.find((e) => e.username === 'secret-vip')!;
    expect(entry(vip)['vip']).toBe(true);
    expect(entry(guest)).not.toHaveProperty('vip');
    room.close();
  });

  it('clear (never set) the auto-open bit for an operator who was booted', async () => {
    const { room, connect } = createTestRoom();
    const cam = connect();
    const op = connect();
    await cam.login('xor-cam');
    await op.login('xor-op', { op: true });
    cam.send({ action: 'me', video: 1, status: 'online' });
    cam.send({ action: 'boot', username: 'xor-op' });
    room.who.flush();
    expect(op.last('who')!.whoList!.find((e) => e.username === 'xor-cam')!.video).toBe(1);
    room.close();
  });

  it('leave a hidden operator out of every list, their own included', async () => {
    const { room, connect } = createTestRoom();
    const op = connect();
    const guest = connect();
    await op.login('ghost-op', { op: true });
    await guest.login('ghost-guest');
    op.send({ action: 'me', video: 0, status: 'hidden' });
    room.who.flush();
    for (const u of [op, guest]) expect(u.last('who')!.whoList!.map((e) => e.username)).toEqual(['ghost-guest']);
    room.close();
  });
});

describe('moderation rules', () => {
  it('merge the configured rule with JWT rules without changing the settings', () => {
    const settings = testSettings({ ModerationRule: [rule('mod-me', { NoImage: true })] });
    const before = structuredClone(settings.ModerationRule);
    const merged = moderationRules(settings, 'mod-me', { sub: 'mod-me', rules: ['novideo', 'redcam', 'nodvd'] });
    expect(merged).toEqual({ CameraAlwaysNSFW: true, NoBroadcast: true, NoVideo: true, NoImage: true, NoDarkVideo: true });
    expect(settings.ModerationRule).toEqual(before);
    expect(moderationRules(settings, 'mod-me', undefined).NoVideo).toBe(false);
    expect(moderationRules(settings, 'someone', { rules: ['nobroadcast'] })).toMatchObject({ NoBroadcast: true, NoVideo: false });
  });
});
