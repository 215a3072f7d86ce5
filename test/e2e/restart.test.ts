import { afterEach, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../packages/admin-client/src/index.ts';
import { ChatClient } from '../support/client.ts';
import { RUNTIME, startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

const settings = { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } };
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function start(opts: { port?: number; dir?: string } = {}): Promise<TestServer> {
  const server = await startServer({ settings, ...opts });
  servers.push(server);
  return server;
}

/** The original client's rule (docs/protocol.md#reconnecting): it comes back after any close except 1000 and 1001. */
const originalReconnectsAfter = (code: number) => code !== 1000 && code !== 1001;

/**
 * A client of the original's kind: after a close it may reconnect after, it retries every few
 * hundred milliseconds (the original: every 5 s) until the server is back, then logs in again
 * with its token.
 */
async function reconnect(url: string, token: string): Promise<ChatClient> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const client = await ChatClient.connect(url);
      const me = await client.login('ignored', { jwt: token });
      expect(me).toMatchObject({ action: 'me', username: 'dana' });
      return client;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

describe.skipIf(RUNTIME === 'worker')(
  'a restart that clients of the original survive [Node/Bun/Deno only: a process restart; test/worker/restart.test.ts covers the code update of a Worker]',
  () => {
    it.each([
      ['SIGTERM', (s: TestServer): void => s.kill('SIGTERM')],
      ['/api/shutdown', (s: TestServer): void => void createAdminClient({ baseUrl: s.url, apiKey: 'test-admin-key' }).shutdown()],
    ] as const)('after %s the client reconnects to the restarted server by itself', async (_how, stop) => {
      const first = await start();
      const token = await signToken({ sub: 'dana' });
      const client = await ChatClient.connect(first.wsUrl);
      expect(await client.login('dana', { jwt: token })).toMatchObject({ action: 'me' });

      stop(first);
      const { code } = await client.closed;
      expect(code).toBe(1012);
      expect(originalReconnectsAfter(code)).toBe(true);
      await first.exited;

      // The supervisor starts the server again where it was.
      const second = await start({ port: first.port, dir: first.dir });
      const again = await reconnect(second.wsUrl, token);
      const stats = (await (await fetch(`${second.url}/api/statistics`)).json()) as { Usernames: string[] };
      expect(stats.Usernames).toEqual(['dana']);
      again.close();
    });
  },
);
