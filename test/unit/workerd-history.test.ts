import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelKey } from '../../src/core/dm-history.ts';
import { databaseTarget, openHistory } from '../../src/store/db.ts';
import type { DirectMessageHistory, PartnerSort } from '../../src/store/history.ts';
import { defaultSettings } from '../../src/settings/schema.ts';
import { runHistoryCall, type HistoryAnswer, type HistoryCall } from '../support/history-calls.ts';
import { startSqld, type Sqld } from '../support/sqld.ts';
import { startEdgeWorker, type EdgeWorker } from '../support/workerd.ts';

let sqld: Sqld;
let worker: EdgeWorker;
let reference: DirectMessageHistory;
beforeAll(async () => {
  // With token auth, as Turso: the Worker must send the AuthToken.
  sqld = await startSqld({ jwtAuth: true });
  worker = await startEdgeWorker({ SQLD_URL: sqld.url, SQLD_TOKEN: sqld.authToken! });
  const dir = await mkdtemp(join(tmpdir(), 'barertc-edge-history-'));
  reference = await openHistory(
    databaseTarget({ ...defaultSettings().DirectMessageHistory, SQLiteDatabase: join(dir, 'dm.sqlite') }, {}),
  );
});
afterAll(async () => {
  reference?.close();
  await worker?.stop();
  await sqld?.stop();
});

const DAY = 86_400;

/**
 * A life of a history: conversations long enough to page, more partners than a page of names,
 * names that sort differently by bytes and by JS, contain the channel separator or are emoji,
 * takebacks by the sender and by someone else, a reused msgID, a cleared user and retention.
 */
function script(): HistoryCall[] {
  const calls: HistoryCall[] = [];
  let id = 0;
  const add = (from: string, to: string, timestamp: number, msgID = ++id) =>
    calls.push({
      call: 'add',
      dm: { msgID, channelID: channelKey(from, to), username: from, message: `<p>${msgID}: ${from} → ${to}</p>`, timestamp },
    });
  const pages = (a: string, b: string) => {
    for (const beforeID of [0, 30, 12, 1]) calls.push({ call: 'page', a, b, beforeID });
  };
  const partners = (user: string) => {
    for (const sort of ['newest', 'oldest', 'a-z', 'z-a'] satisfies PartnerSort[]) {
      for (const page of [0, 1, 2, 3]) calls.push({ call: 'partners', user, sort, page });
    }
  };
  calls.push({ call: 'lastMsgID' });
  for (let i = 0; i < 45; i++) add(i % 3 ? 'ann' : 'Bob', i % 3 ? 'Bob' : 'ann', 1000 * DAY + i * 60);
  for (let p = 1; p <= 12; p++) add(`p${String(13 - p).padStart(2, '0')}`, 'me', 1000 * DAY + ((p * 7) % 12) * 3600);
  add('me', 'p03', 1001 * DAY);
  add('me', 'silent', 1001 * DAY);
  add('a:@b', 'me', 1002 * DAY);
  add('me', 'a', 1002 * DAY);
  add('😀', 'me', 1003 * DAY);
  add('～', 'me', 1003 * DAY);
  add('alice', 'me', 990 * DAY);
  add('Bob', 'me', 980 * DAY);
  add('ann', 'Bob', 1004 * DAY, 5);
  calls.push({ call: 'lastMsgID' });
  pages('ann', 'Bob');
  pages('Bob', 'ann');
  pages('me', 'a:@b');
  for (const user of ['me', 'ann', 'Bob', 'a', 'a:@b', 'p03', 'silent', 'nobody']) partners(user);
  calls.push({ call: 'remove', msgID: 44, sender: 'Bob' });
  calls.push({ call: 'remove', msgID: 44, sender: 'ann' });
  calls.push({ call: 'remove', msgID: 44, sender: 'ann' });
  calls.push({ call: 'remove', msgID: 45 });
  calls.push({ call: 'remove', msgID: 999 });
  pages('ann', 'Bob');
  calls.push({ call: 'clear', user: 'Bob' });
  calls.push({ call: 'clear', user: 'Bob' });
  pages('ann', 'Bob');
  partners('me');
  calls.push({ call: 'deleteOlderThan', cutoff: 1000 * DAY + 6 * 3600 });
  partners('me');
  calls.push({ call: 'deleteOlderThan', cutoff: 2000 * DAY });
  calls.push({ call: 'lastMsgID' });
  partners('me');
  add('ann', 'me', 2001 * DAY, 100);
  calls.push({ call: 'lastMsgID' });
  return calls;
}

async function replay(run: (call: HistoryCall) => Promise<HistoryAnswer>): Promise<HistoryAnswer[]> {
  const answers: HistoryAnswer[] = [];
  for (const call of script()) answers.push(await run(call));
  return answers;
}

async function inWorkerd(route: string, call: HistoryCall): Promise<HistoryAnswer> {
  const res = await worker.fetch(route, { body: JSON.stringify(call) });
  expect(res.status).toBe(200);
  return (await res.json()) as HistoryAnswer;
}

describe('DM history at the edge', () => {
  let expected: HistoryAnswer[];
  beforeAll(async () => {
    expected = await replay((call) => runHistoryCall(reference, call));
  });

  it('the reference run on libSQL exercises what the history API answers', () => {
    const calls = script();
    const answer = (i: number) => expected[i];
    expect(answer(calls.findLastIndex((c) => c.call === 'add' && c.dm.msgID === 5))).toEqual({
      ok: false,
      uniqueViolation: true,
    });
    const sizes = calls.flatMap((c, i) => (c.call === 'partners' && c.user === 'me' ? [answer(i)] : []));
    expect(sizes[0]).toMatchObject({ ok: true, value: { count: 19 } });
    const removals = calls.flatMap((c, i) => (c.call === 'remove' ? [answer(i)] : []));
    expect(removals.map((r) => (r?.ok ? r.value : r))).toEqual([false, true, false, true, false]);
    expect(answer(calls.length - 1)).toEqual({ ok: true, value: 100 });
  });

  it('in a Durable Object’s own SQLite gives the same answers as libSQL, call for call', async () => {
    expect(await replay((call) => inWorkerd('/history/durable', call))).toEqual(expected);
  }, 120_000);

  it('in the object’s SQLite outlives a restart of the object, which opens it again', async () => {
    const dm = { msgID: 900, channelID: channelKey('rs-a', 'rs-b'), username: 'rs-a', message: 'kept', timestamp: 3000 * DAY };
    expect(await inWorkerd('/history/durable', { call: 'add', dm })).toEqual({ ok: true, value: null });
    await worker.restart();
    expect(await inWorkerd('/history/durable', { call: 'page', a: 'rs-b', b: 'rs-a', beforeID: 0 })).toEqual({
      ok: true,
      value: { messages: [{ msgID: 900, username: 'rs-a', message: 'kept', timestamp: 3000 * DAY }], remaining: 0 },
    });
    expect(await inWorkerd('/history/durable', { call: 'lastMsgID' })).toEqual({ ok: true, value: 900 });
  }, 60_000);

  it('on a remote libSQL server (sqld with a Turso-style token) reached from workerd gives the same answers too', async () => {
    expect(await replay((call) => inWorkerd('/history/remote', call))).toEqual(expected);
  }, 120_000);
});
