import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAll } from '../support/joined.ts';
import { RUNTIME, startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let logs: string;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'barertc-logs-'));
  logs = join(dir, 'logs');
  server = await startServer({
    dir,
    settings: { Logging: { Enabled: true, Directory: logs, Channels: ['lobby'], Usernames: ['log-watched', 'log-guard'] } },
  });
});
afterAll(async () => {
  await server.stop();
});

/** Wait for a log file to hold `lines` lines. */
async function logLines(path: string, lines: number): Promise<string[]> {
  const file = join(logs, path);
  const until = Date.now() + 10_000;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const got = text.split('\n').filter(Boolean);
    if (got.length >= lines) return got;
    if (Date.now() > until) throw new Error(`${path} has ${got.length} lines: ${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) \[([^\]]+)\] (.*)$/;

describe.skipIf(RUNTIME === 'worker')('[Logging] conversation logs [Node/Bun/Deno only: a Worker has no file system]', () => {
  it('logs listed public channels and the DMs of listed users, with the raw text', async () => {
    const [watched, other, third] = await joinAll(server.wsUrl, ['log-watched', 'log-other', 'log-third']);
    other!.send({ action: 'message', channel: 'lobby', message: 'hello **lobby**' });
    other!.send({ action: 'message', channel: 'offtopic', message: 'not logged' });
    other!.send({ action: 'message', channel: '@log-watched', message: 'hi watched' });
    await watched!.next((m) => m.action === 'message' && m.channel === '@log-other');
    watched!.send({ action: 'message', channel: '@log-other', message: 'hi back' });
    await other!.next((m) => m.action === 'message' && m.channel === '@log-watched');
    other!.send({ action: 'message', channel: '@log-third', message: 'between others' });
    await third!.next((m) => m.action === 'message' && m.channel === '@log-other');

    const lobby = await logLines('lobby.txt', 1);
    expect(lobby).toHaveLength(1);
    expect(LINE.exec(lobby[0]!)?.slice(3)).toEqual(['log-other', 'hello **lobby**']);
    const dm = await logLines('@log-watched/log-other.txt', 2);
    expect(dm.map((l) => LINE.exec(l)?.slice(3))).toEqual([
      ['log-other', 'hi watched'],
      ['log-watched', 'hi back'],
    ]);
    expect(existsSync(join(logs, 'offtopic.txt'))).toBe(false);
    for (const c of [watched!, other!, third!]) c.close();
  });

  it('keeps a hostile username inside the log folder', async () => {
    const [watched, evil] = await joinAll(server.wsUrl, ['log-guard', '../../escape']);
    evil!.send({ action: 'message', channel: '@log-guard', message: 'sneaky' });
    await watched!.next((m) => m.action === 'message' && m.message === '<p>sneaky</p>');
    expect(await logLines('@log-guard/..%2F..%2Fescape.txt', 1)).toHaveLength(1);
    expect(existsSync(join(logs, '..', 'escape.txt'))).toBe(false);
    watched!.close();
    evil!.close();
  });
});
