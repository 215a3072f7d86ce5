import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statistics } from '../support/api.ts';
import { join } from '../support/client.ts';
import { fuzzSeed, hostileValue, objectText } from '../support/fuzz.ts';
import { RawChatSocket, serverSideConnections } from '../support/raw-socket.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  // Flood limits lifted: the point is what the frames do, not how fast they come.
  server = await startServer({ settings: { FloodLimits: { FrameBurst: 100_000, FramesPerSecond: 100_000 } } });
});
afterAll(async () => {
  await server.stop();
});

const userCount = async () => (await statistics(server.url)).UserCount;

/** Poll `probe` until it holds, for at most `ms`. */
async function eventually(probe: () => boolean | Promise<boolean>, ms = 15_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe('the real server', () => {
  it('survives hostile frames from logged-in users and keeps serving everyone', async () => {
    const seed = fuzzSeed('end-to-end frames');
    const fields = fc.dictionary(
      fc.constantFrom('action', 'channel', 'username', 'message', 'status', 'video', 'msgID', 'usernames', 'jwt', 'bytes'),
      hostileValue,
    );
    const actions = fc.constantFrom('message', 'me', 'react', 'sdp', 'candidate', 'open', 'block', 'report', 'file', 'login');
    const frames = fc.sample(
      fc
        .tuple(actions, fields, fc.option(hostileValue, { nil: undefined }))
        .map(([action, f, proto]) => objectText({ action, ...f }, proto)),
      { seed, numRuns: 300 },
    );
    const fuzzers = await Promise.all(['fuzz-a', 'fuzz-b'].map((name) => join(server.wsUrl, name)));
    const witness = await join(server.wsUrl, 'fuzz-witness');
    for (const [i, text] of frames.entries()) fuzzers[i % 2]!.sendRaw(text);
    for (const f of fuzzers) if (f.ws.readyState === f.ws.OPEN) await f.sync();

    const late = await join(server.wsUrl, 'fuzz-late');
    late.send({ action: 'message', channel: 'lobby', message: 'after the storm' });
    await witness.next((m) => m.action === 'message' && m.message === '<p>after the storm</p>');
    expect(server.output()).not.toMatch(/ERROR/);
    for (const c of [...fuzzers, witness, late]) c.close();
  }, 60_000);

  it('after hundreds of connections opened, logged in and dropped abruptly, counts no one and holds no socket', async () => {
    const before = await userCount();
    for (let round = 0; round < 4; round++) {
      const sockets = await Promise.all(Array.from({ length: 50 }, () => RawChatSocket.open(server.port)));
      sockets.forEach((s, i) => {
        // Every fifth one never logs in.
        if (i % 5) s.send({ action: 'login', username: `churn-${round}-${i}` });
      });
      await Promise.all(sockets.map((s, i) => (i % 5 ? s.waitFor('"action":"me"') : undefined)));
      // No close frame, no FIN handshake the server could wait on: the sockets just vanish.
      for (const s of sockets) s.socket.resetAndDestroy();
    }
    expect(await eventually(async () => (await userCount()) === before)).toBe(true);
    // Held by the server process (TIME_WAIT and other orphans belong to the kernel alone).
    const held = () => [...serverSideConnections(server.port)].filter(([, s]) => s.inode !== 0);
    expect(await eventually(() => held().length === 0), JSON.stringify(held())).toBe(true);
  }, 90_000);
});
