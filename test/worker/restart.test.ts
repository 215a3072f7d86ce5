import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, command, join } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET } from '../support/tokens.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } });
});
afterAll(async () => {
  await server.stop();
});

describe('a code update of the Worker (SIGHUP to npm run start:worker, as a deploy)', { timeout: 120_000 }, () => {
  it('closes every socket with 1012 (service restart), and clients come back to a room that kept its state', async () => {
    const op = await join(server.wsUrl, 'update-op', { op: true });
    const guest = await join(server.wsUrl, 'update-guest');
    expect(await command(op, '/ban update-banned 1')).toMatch(/has been banned/);
    const before = server.output().match(/Worker reloaded/g)?.length ?? 0;

    server.kill('SIGHUP');
    expect((await op.closed).code).toBe(1012);
    expect((await guest.closed).code).toBe(1012);
    const end = Date.now() + 60_000;
    while ((server.output().match(/Worker reloaded/g)?.length ?? 0) === before) {
      if (Date.now() > end) throw new Error(`no reload:\n${server.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const back = await join(server.wsUrl, 'update-guest');
    expect(await back.whoList((names) => names.includes('update-guest'))).toHaveLength(1);
    const banned = await ChatClient.connect(server.wsUrl);
    expect((await banned.login('update-banned')).message).toMatch(/banned/);
    for (const c of [back, banned]) c.close();
  });
});
