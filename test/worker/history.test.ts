import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../support/api.ts';
import { ChatClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

/** DM history with no database server: the Worker keeps it in the room's Durable Object storage. */
let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    settings: { JWT: { Enabled: true, Strict: true, SecretKey: SECRET }, DirectMessageHistory: { Enabled: true } },
  });
});
afterAll(async () => {
  await server.stop();
});

async function enter(name: string): Promise<{ client: ChatClient; token: string }> {
  const token = await signToken({ sub: name });
  const client = await ChatClient.connect(server.wsUrl);
  expect(await client.login('', { jwt: token })).toMatchObject({ action: 'me', username: name });
  return { client, token };
}

describe("DM history in the room's Durable Object storage", { timeout: 120_000 }, () => {
  it('stores delivered DMs, answers the history API, and keeps them across a code update', async () => {
    const a = await enter('do-a');
    expect(server.output()).toMatch(/DM history in the room's Durable Object storage/);
    const b = await enter('do-b');
    b.client.skip();
    a.client.send({ action: 'message', channel: '@do-b', message: 'kept at the edge' });
    const delivered = await b.client.next((m) => m.message === '<p>kept at the edge</p>');

    const page = await postJson(`${server.url}/api/message/history`, { JWTToken: b.token, Username: 'do-a' });
    expect(page).toMatchObject({ status: 200, body: { OK: true, Remaining: 0 } });
    expect(page.body['Messages']).toMatchObject([
      { msgID: delivered.msgID, username: 'do-a', message: '<p>kept at the edge</p>' },
    ]);

    const reloads = () => server.output().match(/Worker reloaded/g)?.length ?? 0;
    const before = reloads();
    server.kill('SIGHUP');
    await a.client.closed;
    const end = Date.now() + 60_000;
    while (reloads() === before) {
      if (Date.now() > end) throw new Error(`the Worker did not reload:\n${server.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The history API answers users who are in the room: do-b comes back first.
    const back = await enter('do-b');
    const again = await postJson(`${server.url}/api/message/history`, { JWTToken: back.token, Username: 'do-a' });
    expect(again.body['Messages']).toMatchObject([{ msgID: delivered.msgID, message: '<p>kept at the edge</p>' }]);
    back.client.close();
  });
});
