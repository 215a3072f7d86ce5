import { afterAll, beforeAll, expect, it } from 'vitest';
import { joinAll } from '../support/joined.ts';
import { PollClient } from '../support/poller.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

// Real time on purpose: the session must be reaped by the server's own 10 s sweep after 60 s of silence.
it('times out a polling user who stops polling, and tells the room', async () => {
  const [watcher] = await joinAll(server.wsUrl, ['timeout-watcher']);
  const p = new PollClient(server.url);
  await p.login('timeout-poller');
  await watcher!.whoList((names) => names.includes('timeout-poller'));
  const started = Date.now();
  const presence = await watcher!.next(
    (m) => m.action === 'presence' && m.username === 'timeout-poller' && m.message !== 'has joined the room!',
    90_000,
  );
  expect(presence).toEqual({ action: 'presence', username: 'timeout-poller', message: 'has timed out!' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(59_000);
  await watcher!.whoList((names) => !names.includes('timeout-poller'));
  expect((await p.poll()).status).toBe(400);
  watcher!.close();
}, 120_000);
