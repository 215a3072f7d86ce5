import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('who lists under a crowd', () => {
  it('leaves every member of a crowd that logs in at once with the same complete, sorted list', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `crowd-${String(i).padStart(2, '0')}`);
    const clients = await Promise.all(names.map(() => ChatClient.connect(server.wsUrl)));
    for (const [i, c] of clients.entries()) c.send({ action: 'login', username: names[i] });
    const lists = await Promise.all(clients.map((c) => c.whoList((n) => names.every((x) => n.includes(x)), 20_000)));
    for (const list of lists) {
      const mine = list.filter((e) => e.username.startsWith('crowd-'));
      expect(mine.map((e) => e.username)).toEqual(names);
      for (const e of mine) expect(Object.keys(e).sort()).toEqual(['loginAt', 'op', 'status', 'username', 'video']);
      expect(list).toEqual(lists[0]);
    }
    // Once everyone is in, nobody is sent another copy of the same list.
    clients[0]!.skip();
    await clients[0]!.nothing((m) => m.action === 'who', 1500);
    for (const c of clients) c.close();
  });

  it('shows a VIP-only camera as on to its owner and as off to a viewer who is not VIP', async () => {
    const bob = await ChatClient.connect(server.wsUrl);
    await bob.login('vipcam-bob');
    const alice = await ChatClient.connect(server.wsUrl);
    await alice.login('vipcam-alice');
    const cameraOf = async (viewer: ChatClient) => (await viewer.whoList()).find((e) => e.username === 'vipcam-alice')?.video;
    alice.send({ action: 'me', video: 1, status: 'online' });
    await expect.poll(() => cameraOf(bob), { timeout: 10_000 }).toBe(1);
    alice.send({ action: 'me', video: 1 | 64, status: 'online' });
    await expect.poll(() => cameraOf(alice), { timeout: 10_000 }).toBe(65);
    await expect.poll(() => cameraOf(bob), { timeout: 10_000 }).toBe(0);
    alice.close();
    bob.close();
  });
});
