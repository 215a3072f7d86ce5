import { describe, expect, it } from 'vitest';
import { LinkSpamTracker } from '../../src/core/link-spam.ts';
import { FloodGuard } from '../../src/core/rate-limit.ts';
import { defaultSettings } from '../../src/settings/schema.ts';
import { SendWatchdog } from '../../src/core/send-watchdog.ts';

describe('flood guard buckets', () => {
  it('allow a burst of their capacity, then refill at their rate', () => {
    const guard = new FloodGuard<object>(() => ({ FrameBurst: 3, FramesPerSecond: 2, ChatBurst: 100, ChatPerSecond: 100 }));
    const who = {};
    const check = (now: number) => guard.check(who, 'me', now);
    expect([check(0), check(0), check(0), check(0)]).toEqual(['ok', 'ok', 'ok', 'warn']);
    expect(check(499)).toBe('drop');
    expect(check(500)).toBe('ok');
    expect(check(500)).toBe('warn');
    expect([check(10_000), check(10_000), check(10_000), check(10_000)]).toEqual(['ok', 'ok', 'ok', 'warn']);
  });

  it('apply changed limits to the next frame', () => {
    let perSecond = 0;
    const guard = new FloodGuard<object>(() => ({
      FrameBurst: 2,
      FramesPerSecond: perSecond,
      ChatBurst: 100,
      ChatPerSecond: 100,
    }));
    const who = {};
    expect([guard.check(who, 'me', 0), guard.check(who, 'me', 0), guard.check(who, 'me', 0)]).toEqual(['ok', 'ok', 'warn']);
    expect(guard.check(who, 'me', 1000)).toBe('drop');
    perSecond = 1;
    expect(guard.check(who, 'me', 2000)).toBe('ok');
  });
});

describe('flood guard', () => {
  const limits = defaultSettings().FloodLimits;
  const SOCIAL_LIMIT = { capacity: limits.ChatBurst, perSecond: limits.ChatPerSecond };
  const FRAME_LIMIT = { capacity: limits.FrameBurst };
  it('warns once per burst and lets chat through again after a pause', () => {
    const guard = new FloodGuard<object>(() => limits);
    const who = {};
    const verdicts = Array.from({ length: SOCIAL_LIMIT.capacity + 3 }, () => guard.check(who, 'message', 0));
    expect(verdicts.slice(0, SOCIAL_LIMIT.capacity).every((v) => v === 'ok')).toBe(true);
    expect(verdicts.slice(SOCIAL_LIMIT.capacity)).toEqual(['warn', 'drop', 'drop']);
    expect(guard.check(who, 'me', 0)).toBe('ok');
    expect(guard.check(who, 'message', 1000 / SOCIAL_LIMIT.perSecond)).toBe('ok');
    expect(guard.check(who, 'message', 1000 / SOCIAL_LIMIT.perSecond)).toBe('warn');
  });

  it('bounds every kind of frame, and keeps connections apart', () => {
    const guard = new FloodGuard<object>(() => limits);
    const a = {};
    const b = {};
    for (let i = 0; i < FRAME_LIMIT.capacity; i++) expect(guard.check(a, 'mute', 0)).toBe('ok');
    expect(guard.check(a, undefined, 0)).toBe('warn');
    expect(guard.check(b, 'mute', 0)).toBe('ok');
  });

  it('takes its limits from the settings', () => {
    const guard = new FloodGuard<object>(() => ({ ...limits, ChatBurst: 2 }));
    const who = {};
    expect([guard.check(who, 'message', 0), guard.check(who, 'message', 0), guard.check(who, 'message', 0)]).toEqual([
      'ok',
      'ok',
      'warn',
    ]);
  });
});

describe('send watchdog', () => {
  const TIMEOUT = 10_000;
  it('flags a connection whose pending bytes have not drained for longer than the timeout', () => {
    const w = new SendWatchdog<object>();
    const peer = {};
    w.sent(peer, 1000);
    expect(w.stuck(peer, 1000, 0, TIMEOUT)).toBe(false);
    w.sent(peer, 1000);
    expect(w.stuck(peer, 2000, 5000, TIMEOUT)).toBe(false);
    expect(w.stuck(peer, 2000, 10_000, TIMEOUT)).toBe(false);
    expect(w.stuck(peer, 2000, 10_001, TIMEOUT)).toBe(true);
  });

  it('never flags a reader that drains something, even while more keeps arriving', () => {
    const w = new SendWatchdog<object>();
    const peer = {};
    let pending = 0;
    for (let t = 0; t <= 60_000; t += 1000) {
      w.sent(peer, 5000);
      pending += 5000 - 4000;
      expect(w.stuck(peer, pending, t, TIMEOUT)).toBe(false);
    }
  });

  it('starts counting at the first sample, however long ago the data was sent', () => {
    const w = new SendWatchdog<object>();
    const peer = {};
    w.sent(peer, 1000);
    expect(w.stuck(peer, 1000, 500_000, TIMEOUT)).toBe(false);
    expect(w.stuck(peer, 1000, 510_001, TIMEOUT)).toBe(true);
  });

  it('never flags an idle connection', () => {
    const w = new SendWatchdog<object>();
    const peer = {};
    w.sent(peer, 100);
    expect(w.stuck(peer, 0, 60_000, TIMEOUT)).toBe(false);
  });
});

describe('DM link-spam tracker', () => {
  const config = { Enabled: true, MaxThreads: 2, TimeLimit: 60, BanHours: 24 };
  it('kicks past MaxThreads distinct threads, then bans on the next offence', () => {
    const t = new LinkSpamTracker(() => config);
    expect(t.check('s', '@a', 'see https://spam.com/x', 0)).toBe('ok');
    expect(t.check('s', '@a', 'again https://spam.com/x', 1)).toBe('ok');
    expect(t.check('s', '@b', 'https://spam.com/x', 2)).toBe('ok');
    expect(t.check('s', '@c', 'https://spam.com/x', 3)).toBe('kick');
    expect(t.check('s', '@d', 'https://spam.com/x', 4)).toBe('ban');
    expect(t.check('other', '@c', 'https://spam.com/x', 5)).toBe('ok');
    expect(t.check('s', '@e', 'no links here', 6)).toBe('ok');
  });

  it('forgets a link after TimeLimit seconds, and the sweep purges it', () => {
    const t = new LinkSpamTracker(() => config);
    t.check('s', '@a', 'www.spam.com', 0);
    t.check('s', '@b', 'www.spam.com', 0);
    expect(t.check('s', '@c', 'www.spam.com', 61_000)).toBe('ok');
    t.sweep(200_000);
    expect(t.check('s', '@d', 'www.spam.com', 200_000)).toBe('ok');
    expect(t.check('s', '@e', 'www.spam.com', 200_000)).toBe('ok');
    expect(t.check('s', '@f', 'www.spam.com', 200_000)).toBe('kick');
  });

  it('does nothing when disabled', () => {
    const t = new LinkSpamTracker(() => ({ ...config, Enabled: false }));
    for (const to of ['@a', '@b', '@c', '@d']) expect(t.check('s', to, 'www.spam.com', 0)).toBe('ok');
  });
});
