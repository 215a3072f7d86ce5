import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postApi, postJson } from '../support/api.ts';
import { ChatClient } from '../support/client.ts';
import { RUNTIME, startServer, type StartOptions, type TestServer } from '../support/server.ts';
import { startSqld, type Sqld } from '../support/sqld.ts';
import { SECRET, signToken } from '../support/tokens.ts';

const DAY = 86_400;
const NOW = Math.floor(Date.now() / 1000);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/;

/** The table exactly as the original Go server creates it, to prove its files keep working. */
const ORIGINAL_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS direct_messages (message_id INTEGER PRIMARY KEY, channel_id TEXT, username TEXT, message TEXT, timestamp INTEGER)',
  'CREATE INDEX IF NOT EXISTS idx_direct_messages_channel_id ON direct_messages(channel_id)',
  'CREATE INDEX IF NOT EXISTS idx_direct_messages_username ON direct_messages(username)',
  'CREATE INDEX IF NOT EXISTS idx_direct_messages_timestamp ON direct_messages(timestamp)',
];

/** Rows an earlier (original) server stored: [msgID, sender, recipient, unix time]. */
const SEEDED: Array<[number, string, string, number]> = [
  [1, 'Zed', 'sorter', NOW - 5 * DAY],
  [2, 'bob-s', 'sorter', NOW - 4 * DAY],
  [3, 'amy', 'sorter', NOW - 3 * DAY],
  [4, 'Zed', 'sorter', NOW - 1 * DAY],
  [5, 'bob-s', 'sorter', NOW - 2 * 3600],
  [6, 'sorter', 'carl', NOW - 2 * DAY],
  [7, 'old-timer', 'sorter', NOW - 40 * DAY],
  [8, 'sorter', 'old-timer', NOW - 31 * DAY],
];

const key = (a: string, b: string) => (a < b ? `@${a}:@${b}` : `@${b}:@${a}`);

interface Mode {
  name: string;
  /** A database file beside the server: Node, Bun and Deno only (a Worker has no file system). */
  file?: boolean;
  /** Where the server's database is, and how to reach it from the test. */
  setup(dir: string): Promise<{
    options: Pick<StartOptions, 'settings' | 'env'>;
    client: { url: string; authToken?: string };
    stop(): Promise<void>;
  }>;
}

const modes: Mode[] = [
  {
    name: 'an embedded database file',
    file: true,
    async setup(dir) {
      const file = join(dir, 'not-yet', 'created', 'history.sqlite');
      // The server creates this folder itself; the test needs it first to write an original-style database.
      await mkdir(join(dir, 'not-yet', 'created'), { recursive: true });
      return {
        options: { settings: { DirectMessageHistory: { SQLiteDatabase: file } } },
        client: { url: pathToFileURL(file).href },
        stop: async () => undefined,
      };
    },
  },
  {
    name: 'a remote libSQL server',
    async setup() {
      const sqld = await startSqld();
      return {
        options: { settings: { DirectMessageHistory: { DatabaseURL: sqld.url } } },
        client: { url: sqld.url },
        stop: () => sqld.stop(),
      };
    },
  },
  {
    name: 'a remote libSQL server with Turso-style token auth (from the environment)',
    async setup() {
      const sqld: Sqld = await startSqld({ jwtAuth: true });
      return {
        options: { env: { BARERTC_DATABASE_URL: sqld.url, BARERTC_DATABASE_AUTH_TOKEN: sqld.authToken! } },
        client: { url: sqld.url, authToken: sqld.authToken },
        stop: () => sqld.stop(),
      };
    },
  },
];

const onWorker = RUNTIME === 'worker';

/** The history suite against one kind of database. */
const historySuite = (mode: Mode) => {
  let server: TestServer;
  let start: () => Promise<TestServer>;
  let stopDb: () => Promise<void>;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'barertc-history-'));
    const db = await mode.setup(dir);
    stopDb = db.stop;
    const seed = createClient(db.client);
    await seed.batch(ORIGINAL_SCHEMA, 'write');
    await seed.batch(
      SEEDED.map(([id, from, to, t]) => ({
        sql: 'INSERT INTO direct_messages (message_id, channel_id, username, message, timestamp) VALUES (?, ?, ?, ?, ?)',
        args: [id, key(from, to), from, `<p>seeded ${id}</p>`, t],
      })),
      'write',
    );
    seed.close();
    const settings = {
      JWT: { Enabled: true, Strict: true, SecretKey: SECRET },
      // Long conversations are sent in one go, above the default chat burst.
      FloodLimits: { ChatBurst: 100 },
      ...db.options.settings,
      DirectMessageHistory: { Enabled: true, RetentionDays: 30, ...db.options.settings?.DirectMessageHistory },
    };
    start = () => startServer({ dir, settings, env: db.options.env });
    server = await start();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.stop();
    await stopDb?.();
  });

  async function enter(name: string): Promise<{ client: ChatClient; token: string }> {
    const token = await signToken({ sub: name });
    const client = await ChatClient.connect(server.wsUrl);
    clients.push(client);
    expect(await client.login('', { jwt: token })).toMatchObject({ action: 'me', username: name });
    return { client, token };
  }

  /** Send DMs one after another and wait until the recipient has every one. */
  async function converse(from: ChatClient, to: ChatClient, toName: string, texts: string[]): Promise<number[]> {
    to.skip();
    for (const text of texts) from.send({ action: 'message', channel: `@${toName}`, message: text });
    const ids: number[] = [];
    for (const text of texts)
      ids.push((await to.next((m) => m.action === 'message' && m.message === `<p>${text}</p>`, 15_000)).msgID!);
    return ids;
  }

  const history = (token: string, Username: string, BeforeID?: number) =>
    postJson(`${server.url}/api/message/history`, { JWTToken: token, Username, ...(BeforeID ? { BeforeID } : {}) });
  const usernames = (token: string, Sort: string, Page = 1) =>
    postJson(`${server.url}/api/message/usernames`, { JWTToken: token, Sort, Page });

  it('stores a delivered DM and returns it from the history API', async () => {
    const alice = await enter('alice');
    const bob = await enter('bob');
    bob.client.skip();
    alice.client.send({ action: 'message', channel: '@bob', message: 'hello **bob**' });
    const id = (await bob.client.next('message')).msgID;
    for (const reader of [alice, bob]) {
      const partner = reader === alice ? 'bob' : 'alice';
      const res = await history(reader.token, partner);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        OK: true,
        Messages: [
          {
            username: 'alice',
            message: '<p>hello <strong>bob</strong></p>',
            msgID: id,
            timestamp: expect.stringMatching(RFC3339),
          },
        ],
        Remaining: 0,
      });
    }
  });

  it('pages back through a long conversation with exact Remaining counts', async () => {
    const pat = await enter('pat');
    const quinn = await enter('quinn');
    const texts = Array.from({ length: 45 }, (_, i) => `line ${i}`);
    const ids = await converse(pat.client, quinn.client, 'quinn', texts);
    const newestFirst = [...ids].reverse();

    const first = await history(quinn.token, 'pat');
    expect(first.body.Remaining).toBe(25);
    expect(first.body.Messages.map((m: { msgID: number }) => m.msgID)).toEqual(newestFirst.slice(0, 20));
    expect(first.body.Messages[0]).toMatchObject({ username: 'pat', message: '<p>line 44</p>' });

    const second = await history(quinn.token, 'pat', first.body.Messages.at(-1).msgID);
    expect(second.body.Remaining).toBe(5);
    expect(second.body.Messages.map((m: { msgID: number }) => m.msgID)).toEqual(newestFirst.slice(20, 40));

    const third = await history(quinn.token, 'pat', second.body.Messages.at(-1).msgID);
    expect(third.body).toMatchObject({ OK: true, Remaining: 0 });
    expect(third.body.Messages.map((m: { message: string }) => m.message)).toEqual([
      '<p>line 4</p>',
      '<p>line 3</p>',
      '<p>line 2</p>',
      '<p>line 1</p>',
      '<p>line 0</p>',
    ]);

    const past = await history(quinn.token, 'pat', third.body.Messages.at(-1).msgID);
    expect(past.body).toEqual({ OK: true, Messages: [], Remaining: 0 });
  });

  it('lists DM partners in all four orders, after retention removed the old conversation', async () => {
    const { token } = await enter('sorter');
    const expected: Record<string, string[]> = {
      newest: ['bob-s', 'Zed', 'amy'],
      oldest: ['Zed', 'bob-s', 'amy'],
      'a-z': ['Zed', 'amy', 'bob-s'],
      'z-a': ['bob-s', 'amy', 'Zed'],
      '': ['bob-s', 'Zed', 'amy'],
    };
    for (const [sort, names] of Object.entries(expected)) {
      const res = await usernames(token, sort);
      expect(res.status, sort).toBe(200);
      // Count includes carl, who never wrote back; old-timer's thread is past RetentionDays.
      expect(res.body, sort).toEqual({ OK: true, Usernames: names, Count: 4, Pages: 1 });
    }
    expect((await usernames(token, 'newest', 2)).body).toEqual({ OK: true, Usernames: [], Count: 4, Pages: 1 });
    expect((await history(token, 'old-timer')).body).toEqual({ OK: true, Messages: [], Remaining: 0 });
    const zed = await history(token, 'Zed');
    expect(zed.body.Messages.map((m: { msgID: number }) => m.msgID)).toEqual([4, 1]);
  });

  it('forgets a DM its sender takes back, and keeps the rest', async () => {
    const tia = await enter('tia');
    const uma = await enter('uma');
    const [kept, regretted] = await converse(tia.client, uma.client, 'uma', ['keep this', 'oops, not this']);
    // Someone else cannot take it back; the stored copy stays.
    uma.client.send({ action: 'takeback', msgID: regretted });
    expect((await uma.client.next('error')).message).toMatch(/not your message/i);
    expect((await history(tia.token, 'uma')).body.Messages.map((m: { msgID: number }) => m.msgID)).toEqual([regretted, kept]);
    tia.client.send({ action: 'takeback', msgID: regretted });
    expect(await uma.client.next('takeback')).toMatchObject({ msgID: regretted });
    for (const reader of [tia, uma]) {
      const partner = reader === tia ? 'uma' : 'tia';
      expect((await history(reader.token, partner)).body.Messages.map((m: { msgID: number }) => m.msgID)).toEqual([kept]);
    }
  });

  it('answers a user without stored DMs with the original error', async () => {
    const { token } = await enter('newcomer');
    expect(await usernames(token, 'newest')).toEqual({
      status: 500,
      body: { OK: false, Error: 'you have no direct messages stored on this chat server', Usernames: null, Count: 0, Pages: 0 },
    });
  });

  it('lets nobody read a conversation they are not part of', async () => {
    const mallory = await enter('mallory');
    const res = await history(mallory.token, 'alice');
    expect(res.body).toEqual({ OK: true, Messages: [], Remaining: 0 });
    expect((await history(mallory.token, 'alice:@bob')).body.Messages).toEqual([]);
    // A valid token is not enough: the caller must be in the room under that name.
    const absent = await signToken({ sub: 'bob-not-here' });
    expect(await history(absent, 'alice')).toEqual({
      status: 400,
      body: { OK: false, Error: 'You are not logged into the chat room.', Messages: null, Remaining: 0 },
    });
    const forged = await signToken({ sub: 'bob' }, { secret: 'not-the-secret' });
    expect(await history(forged, 'alice')).toEqual({
      status: 400,
      body: { OK: false, Error: 'signature is invalid', Messages: null, Remaining: 0 },
    });
  });

  it('clears a user’s history on their own request, both sides and nothing else', async () => {
    const una = await enter('una');
    const vic = await enter('vic');
    const wes = await enter('wes');
    await converse(una.client, vic.client, 'vic', ['u1', 'u2']);
    await converse(vic.client, una.client, 'una', ['v1']);
    await converse(vic.client, wes.client, 'wes', ['w1']);
    const res = await postJson(`${server.url}/api/message/clear`, { JWTToken: una.token, Username: 'wes' });
    expect(res).toEqual({ status: 200, body: { OK: true, MessagesErased: 3 } });
    expect((await history(vic.token, 'una')).body.Messages).toEqual([]);
    expect((await history(vic.token, 'wes')).body.Messages).toHaveLength(1);
  });

  it('clears a user’s history for the website with the API key', async () => {
    const xia = await enter('xia');
    const yan = await enter('yan');
    await converse(xia.client, yan.client, 'yan', ['x1', 'x2']);
    const denied = await postJson(`${server.url}/api/message/clear`, { APIKey: 'wrong', Username: 'xia' });
    expect(denied).toEqual({ status: 401, body: { OK: false, Error: 'Authentication denied.', MessagesErased: 0 } });
    expect((await history(yan.token, 'xia')).body.Messages).toHaveLength(2);
    const res = await postJson(`${server.url}/api/message/clear`, { APIKey: server.settings.AdminAPIKey, Username: 'yan' });
    expect(res).toEqual({ status: 200, body: { OK: true, MessagesErased: 2 } });
    expect((await history(xia.token, 'yan')).body.Messages).toEqual([]);
  });

  it('takes the API key from an Authorization: Bearer header too', async () => {
    const zed = await enter('zed');
    const zoe = await enter('zoe');
    await converse(zed.client, zoe.client, 'zoe', ['z1']);
    const clear = (key: string) =>
      postApi(`${server.url}/api/message/clear`, { Username: 'zed' }, { headers: { Authorization: `Bearer ${key}` } });
    expect((await clear('wrong')).status).toBe(401);
    expect((await history(zoe.token, 'zed')).body.Messages).toHaveLength(1);
    expect((await clear(server.settings.AdminAPIKey)).body).toEqual({ OK: true, MessagesErased: 1 });
    expect((await history(zoe.token, 'zed')).body.Messages).toEqual([]);
  });

  /** SIGKILL and start again; a Worker has no process of its own to kill, so its object restarts (a code update). */
  async function crash(): Promise<void> {
    if (!onWorker) {
      server.kill('SIGKILL');
      await server.exited;
      server = await start();
      return;
    }
    const reloads = () => server.output().match(/Worker reloaded/g)?.length ?? 0;
    const before = reloads();
    server.kill('SIGHUP');
    const end = Date.now() + 60_000;
    while (reloads() === before) {
      if (Date.now() > end) throw new Error(`the Worker did not reload:\n${server.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it(
    onWorker
      ? 'keeps every delivered DM when the object restarts right after a burst [Worker: an object restart instead of SIGKILL]'
      : 'keeps every delivered DM when the server is killed right after a burst',
    async () => {
      const sender = await enter('burst-a');
      const receiver = await enter('burst-b');
      const texts = Array.from({ length: 30 }, (_, i) => `burst ${i}`);
      receiver.client.skip();
      for (const text of texts) sender.client.send({ action: 'message', channel: '@burst-b', message: text });
      const ids: number[] = [];
      for (const text of texts) ids.push((await receiver.client.next((m) => m.message === `<p>${text}</p>`, 15_000)).msgID!);
      await crash();

      const again = await enter('burst-b');
      const first = await history(again.token, 'burst-a');
      const second = await history(again.token, 'burst-a', first.body.Messages.at(-1).msgID);
      const stored = [...first.body.Messages, ...second.body.Messages].map((m: { msgID: number }) => m.msgID);
      expect(stored).toEqual([...ids].reverse());
      expect(second.body.Remaining).toBe(0);

      // New ids after the restart do not collide with the stored ones.
      const other = await enter('burst-a');
      const [next] = await converse(other.client, again.client, 'burst-b', ['after restart']);
      expect(next).toBeGreaterThan(Math.max(...ids));
      expect((await history(again.token, 'burst-a')).body.Messages[0]).toMatchObject({
        msgID: next,
        message: '<p>after restart</p>',
      });
    },
  );
};

describe.each(modes.filter((m) => !(onWorker && m.file)))('direct-message history on $name', { timeout: 60_000 }, historySuite);
describe.skip.each(modes.filter((m) => onWorker && m.file))(
  'direct-message history on $name [Node/Bun/Deno only: a Worker has no file system; it uses a remote database or the object SQLite]',
  historySuite,
);

describe('direct-message history turned off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      settings: { JWT: { Enabled: true, SecretKey: SECRET }, DirectMessageHistory: { Enabled: false } },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers the history APIs with a clear error', async () => {
    const token = await signToken({ sub: 'nohist' });
    const c = await ChatClient.connect(server.wsUrl);
    await c.login('', { jwt: token });
    expect(await postJson(`${server.url}/api/message/clear`, { JWTToken: token })).toEqual({
      status: 500,
      body: { OK: false, Error: 'database is not initialized', MessagesErased: 0 },
    });
    expect(await postJson(`${server.url}/api/message/history`, { JWTToken: token, Username: 'x' })).toEqual({
      status: 500,
      body: { OK: false, Error: 'database is not initialized', Messages: null, Remaining: 0 },
    });
    expect((await postJson(`${server.url}/api/message/usernames`, { JWTToken: token })).body.Error).toBe(
      'database is not initialized',
    );
    c.close();
  });

  it('refuses the history APIs without a token', async () => {
    expect(await postJson(`${server.url}/api/message/clear`, { JWTToken: '' })).toEqual({
      status: 400,
      body: { OK: false, Error: 'JWT authentication is not available.', MessagesErased: 0 },
    });
  });
});

describe('direct-message history when the database goes away', { timeout: 60_000 }, () => {
  let sqld: Sqld;
  let server: TestServer;
  beforeAll(async () => {
    sqld = await startSqld();
    server = await startServer({
      settings: { JWT: { Enabled: true, SecretKey: SECRET }, DirectMessageHistory: { Enabled: true, DatabaseURL: sqld.url } },
    });
  });
  afterAll(async () => {
    await server.stop();
    await sqld.stop();
  });

  it('tells the sender, does not deliver the unsaved DM, and keeps the room working', async () => {
    const [a, b] = await Promise.all([ChatClient.connect(server.wsUrl), ChatClient.connect(server.wsUrl)]);
    await a.login('', { jwt: await signToken({ sub: 'out-a' }) });
    await b.login('', { jwt: await signToken({ sub: 'out-b' }) });
    b.skip();
    a.send({ action: 'message', channel: '@out-b', message: 'saved' });
    await b.next((m) => m.message === '<p>saved</p>');

    await sqld.stop();
    a.skip();
    const start = b.mark();
    a.send({ action: 'message', channel: '@out-b', message: 'lost' });
    expect(await a.next('error', 15_000)).toMatchObject({
      channel: '@out-b',
      message: 'Your message could not be delivered because the server could not save it. Please try again later.',
    });
    a.send({ action: 'message', channel: 'lobby', message: 'still chatting' });
    await b.next((m) => m.message === '<p>still chatting</p>');
    await b.nothing((m) => m.message === '<p>lost</p>');
    expect(b.since(start).filter((m) => m.message === '<p>lost</p>')).toEqual([]);
    expect(server.output()).toMatch(/could not store DM/);
    a.close();
    b.close();
  });
});
