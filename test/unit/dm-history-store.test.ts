import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelKey } from '../../src/core/dm-history.ts';
import { formatLocalRfc3339 } from '../../src/core/format.ts';
import type { Logger, Timers } from '../../src/core/ports.ts';
import { databaseTarget, openHistory } from '../../src/store/db.ts';
import type { DirectMessageHistory } from '../../src/store/history.ts';
import { startRetention } from '../../src/store/retention.ts';
import { defaultSettings } from '../../src/settings/schema.ts';

const open: DirectMessageHistory[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});

async function freshHistory(): Promise<DirectMessageHistory> {
  const dir = await mkdtemp(join(tmpdir(), 'barertc-store-'));
  const config = { ...defaultSettings().DirectMessageHistory, SQLiteDatabase: join(dir, 'a', 'b', 'dm.sqlite') };
  const h = await openHistory(databaseTarget(config, {}));
  open.push(h);
  return h;
}

const dm = (msgID: number, from: string, to: string, timestamp = 1000) => ({
  msgID,
  channelID: channelKey(from, to),
  username: from,
  message: `<p>${msgID}</p>`,
  timestamp,
});

describe('channel keys', () => {
  it('put the two names in byte order, as the original does', () => {
    expect(channelKey('alice', 'Bob')).toBe('@Bob:@alice');
    expect(channelKey('Bob', 'alice')).toBe('@Bob:@alice');
    // UTF-8 byte order decides, not JS string order (which puts the emoji's surrogates first).
    expect(channelKey('😀', '～')).toBe('@～:@😀');
  });
});

describe('the DM history store', () => {
  it('takes back a message only for its sender when a sender is named', async () => {
    const h = await freshHistory();
    await h.add(dm(1, 'ann', 'ben'));
    await h.add(dm(2, 'ben', 'ann'));
    expect(await h.remove(1, 'ben')).toBe(false);
    expect(await h.remove(1, 'ann')).toBe(true);
    expect(await h.remove(1, 'ann')).toBe(false);
    expect(await h.remove(2)).toBe(true);
    expect((await h.page('ann', 'ben', 0)).messages).toEqual([]);
  });

  it('refuses a second message with the same id', async () => {
    const h = await freshHistory();
    await h.add(dm(7, 'ann', 'ben'));
    await expect(h.add(dm(7, 'ben', 'ann'))).rejects.toThrow(/UNIQUE|PRIMARY KEY/i);
    expect(await h.lastMsgID()).toBe(7);
  });

  it('finds the partner of names that contain the channel separator', async () => {
    const h = await freshHistory();
    await h.add(dm(1, 'a:@b', 'me'));
    await h.add(dm(2, 'me', 'a'));
    expect(await h.partners('me', 'a-z', 1)).toEqual({ usernames: ['a:@b'], count: 2 });
    expect(await h.partners('a', 'a-z', 1)).toEqual({ usernames: ['me'], count: 1 });
    expect(await h.partners('a:@b', 'a-z', 1)).toEqual({ usernames: [], count: 1 });
    expect(await h.partners('b', 'a-z', 1)).toEqual({ usernames: [], count: 0 });
  });
});

describe('retention', () => {
  it('deletes messages older than RetentionDays at start and again each day', async () => {
    const h = await freshHistory();
    const day = 86_400;
    let now = 100 * day * 1000;
    let daily: (() => void) | undefined;
    const timers: Timers = {
      setTimeout: () => () => undefined,
      setInterval: (fn, ms) => {
        expect(ms).toBe(day * 1000);
        daily = fn;
        return () => (daily = undefined);
      },
    };
    const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
    await h.add(dm(1, 'ann', 'ben', 100 * day - 31 * day));
    await h.add(dm(2, 'ann', 'ben', 100 * day - 29 * day));
    await h.add(dm(3, 'ann', 'ben', 100 * day - 1));
    const stop = await startRetention({ history: h, retentionDays: () => 30, clock: { now: () => now }, timers, logger: quiet });
    const ids = async () => (await h.page('ann', 'ben', 0)).messages.map((m) => m.msgID);
    expect(await ids()).toEqual([3, 2]);

    now += 2 * day * 1000;
    daily!();
    await expect.poll(ids).toEqual([3]);
    stop();
    expect(daily).toBeUndefined();
  });
});

describe('history timestamps', () => {
  it('are RFC 3339 in the server’s time zone, like Go prints them', () => {
    const before = process.env['TZ'];
    try {
      process.env['TZ'] = 'America/New_York';
      expect(formatLocalRfc3339(Date.UTC(2024, 0, 1, 16, 22, 33))).toBe('2024-01-01T11:22:33-05:00');
      process.env['TZ'] = 'Asia/Kolkata';
      expect(formatLocalRfc3339(Date.UTC(2024, 6, 1, 0, 0, 0))).toBe('2024-07-01T05:30:00+05:30');
      process.env['TZ'] = 'UTC';
      expect(formatLocalRfc3339(Date.UTC(2024, 6, 1, 0, 0, 0))).toBe('2024-07-01T00:00:00Z');
    } finally {
      if (before === undefined) delete process.env['TZ'];
      else process.env['TZ'] = before;
    }
  });
});
