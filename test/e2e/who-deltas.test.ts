import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhoDelta, WhoEntry } from '../../src/core/protocol.ts';
import { compareCodePoints } from '../../src/core/text-order.ts';
import { ChatClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

/** Everyone but the original-style viewer; the claims shape their lists and how others see them. */
const CROWD = [
  { name: 'd-cam', claims: {} },
  { name: 'd-vip', claims: { vip: true } },
  { name: 'd-op', claims: { op: true } },
  { name: 'd-blocker', claims: {} },
  { name: 'd-plain', claims: {} },
];
const ORIGINAL = 'orig-viewer';

/** One server's copy of the scenario: the original-style viewer and the crowd. */
interface Run {
  original: ChatClient;
  crowd: ChatClient[];
}

/** A client's who list as it holds it: the last `who`, with every `who-delta` since applied; login times left out. */
function held(client: ChatClient): string {
  let entries = new Map<string, WhoEntry>();
  for (const m of client.received) {
    if (m.action === 'who') entries = new Map((m.whoList ?? []).map((e) => [e.username, e as unknown as WhoEntry]));
    if (m.action !== 'who-delta') continue;
    const delta = m as Partial<WhoDelta>;
    for (const name of delta.remove ?? []) entries.delete(name);
    for (const e of delta.upsert ?? []) entries.set(e.username, e);
  }
  const list = [...entries.values()].sort((a, b) => compareCodePoints(a.username, b.username));
  // The two servers log people in at different seconds; everything else must match.
  return JSON.stringify(list.map((e) => ({ ...e, loginAt: typeof e.loginAt })));
}

/** Well past the longest coalescing window (500 ms), with room for a busy machine. */
const QUIET_MS = 1500;
/** When each client last received a who list or delta. */
const lastList = new Map<ChatClient, number>();
const watchLists = (c: ChatClient) =>
  c.ws.on('message', (data) => {
    if (data.toString().startsWith('{"action":"who')) lastList.set(c, performance.now());
  });

let withDeltas: TestServer;
let reference: TestServer;
beforeAll(async () => {
  const jwt = { settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } };
  [withDeltas, reference] = await Promise.all([startServer(jwt), startServer(jwt)]);
});
afterAll(async () => {
  await Promise.all([withDeltas.stop(), reference.stop()]);
});

describe('who-list deltas on a real server', () => {
  it('leave an original-style client in a room of delta clients seeing exactly what it saw before', async () => {
    const start = async (server: TestServer, deltas: boolean): Promise<Run> => {
      const original = await ChatClient.connect(server.wsUrl);
      expect((await original.login(ORIGINAL)).action).toBe('me');
      const crowd: ChatClient[] = [];
      for (const { name, claims } of CROWD) {
        const client = await ChatClient.connect(server.wsUrl);
        const jwt = await signToken({ sub: name, ...claims });
        const reply = await client.login(name, { jwt, whoDeltas: deltas });
        expect(reply.action, JSON.stringify(reply)).toBe('me');
        crowd.push(client);
      }
      for (const c of [original, ...crowd]) watchLists(c);
      return { original, crowd };
    };
    const runs = [await start(withDeltas, true), await start(reference, false)] as const;
    const [a, b] = runs;

    /**
     * Every client on the delta server ends up holding what its twin on the reference server
     * holds, once both servers handled the step and no list has moved for longer than the
     * longest coalescing window.
     */
    const converged = async (step: string) => {
      const all = runs.flatMap((r) => [r.original, ...r.crowd]);
      await Promise.all(all.filter((c) => c.ws.readyState === c.ws.OPEN).map((c) => c.sync()));
      // Both servers have handled the step, but its lists may still wait for their window: until it
      // has surely passed, equal lists may both be the ones from before the step.
      const windowOver = performance.now() + QUIET_MS;
      const pairs = [a.original, ...a.crowd].map((mine, i) => [mine, [b.original, ...b.crowd][i]!] as const);
      const state = () => {
        if (performance.now() < windowOver) return 'the step may not be published yet';
        if (all.some((c) => performance.now() - (lastList.get(c) ?? 0) < QUIET_MS)) return 'lists still moving';
        const apart = pairs.find(([mine, twin]) => held(mine) !== held(twin));
        return apart ? `${held(apart[0])}\n  vs reference\n${held(apart[1])}` : 'converged';
      };
      await expect.poll(state, { timeout: 20_000, interval: 100, message: step }).toBe('converged');
    };
    const both = async (step: string, act: (run: Run) => void) => {
      for (const run of runs) act(run);
      await converged(step);
    };
    const by = (run: Run, name: string) => run.crowd[CROWD.findIndex((c) => c.name === name)]!;

    await converged('everyone logged in');
    await both('a camera goes on', (r) => by(r, 'd-cam').send({ action: 'me', status: 'online', video: 1 }));
    await both('a VIP-only camera', (r) => by(r, 'd-vip').send({ action: 'me', status: 'online', video: 1 | 64 }));
    await both('someone blocks the original', (r) => by(r, 'd-blocker').send({ action: 'block', username: ORIGINAL }));
    await both('the camera mutes the original', (r) => by(r, 'd-cam').send({ action: 'mute', username: ORIGINAL }));
    await both('the camera boots the VIP', (r) => by(r, 'd-cam').send({ action: 'boot', username: 'd-vip' }));
    await both('the camera invites the original', (r) => by(r, 'd-cam').send({ action: 'video-invite', usernames: [ORIGINAL] }));
    await both('the operator hides', (r) => by(r, 'd-op').send({ action: 'me', status: 'hidden', video: 0 }));
    await both('someone goes away', (r) => by(r, 'd-plain').send({ action: 'me', status: 'away', video: 0 }));
    await both('the camera unmutes the original', (r) => by(r, 'd-cam').send({ action: 'unmute', username: ORIGINAL }));
    await both('someone leaves', (r) => by(r, 'd-plain').close());

    // The original-style client was never sent the new message and still gets whole lists.
    expect(a.original.received.filter((m) => m.action === 'who-delta')).toEqual([]);
    expect(a.original.received.filter((m) => m.action === 'who').length).toBeGreaterThan(1);
    // The delta clients got one whole list each, then deltas only.
    for (const c of a.crowd) expect(c.received.filter((m) => m.action === 'who')).toHaveLength(1);
    for (const run of runs) for (const c of [run.original, ...run.crowd]) c.close();
  });
});
