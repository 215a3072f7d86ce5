import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WhoDelta, WhoEntry } from '../../src/core/protocol.ts';
import { compareCodePoints } from '../../src/core/text-order.ts';
import { WHO_DELTA_VERSION } from '../../src/core/wire.ts';
import { createTestRoom, type FakeUser, ManualTime } from '../support/fake-room.ts';

/** The cast: who is an operator or a VIP is fixed per name; names cover code-point ordering. */
const CAST = [
  { name: 'alice', claims: {} },
  { name: 'Bob', claims: { vip: true } },
  { name: 'carol-op', claims: { op: true } },
  { name: '😀x', claims: { vip: true } },
  { name: 'émile', claims: {} },
];
const OPERATOR = 2;
/** Relations that can be undone come up more often, so viewers also leave the shared list and come back. */
const RELATIONS = ['block', 'video-invite', 'mute', 'unmute', 'boot', 'unboot', 'mute', 'unmute', 'boot', 'unboot'] as const;
const VIDEO_BITS = [1, 2, 16, 32, 64];

type Step =
  | { kind: 'login'; who: number; deltas: boolean }
  | { kind: 'leave'; who: number }
  | { kind: 'me'; who: number; status: string; video: number }
  | { kind: 'relation'; who: number; target: number; action: (typeof RELATIONS)[number] }
  | { kind: 'command'; target: number; command: '/kick' | '/op' | '/deop' }
  | { kind: 'unmute-all'; who: number };

const person = fc.integer({ min: 0, max: CAST.length - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('login' as const), who: person, deltas: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), who: person }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('me' as const),
      who: person,
      status: fc.constantFrom('online', 'away', 'hidden'),
      video: fc.subarray(VIDEO_BITS).map((bits) => bits.reduce((a, b) => a | b, 0)),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('relation' as const),
      who: person,
      target: person,
      action: fc.constantFrom(...RELATIONS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      target: person,
      command: fc.constantFrom('/kick', '/op', '/deop'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unmute-all' as const), who: person }) },
);

/**
 * One room driven by the script. In the delta world each login asks for deltas or not as the
 * script says; in the reference world nobody does, so every list there is a whole `who`.
 */
class World {
  readonly users: (FakeUser | undefined)[] = CAST.map(() => undefined);
  /** What each client holds after applying what it received. */
  private readonly held: HeldList[] = [];
  private readonly env;

  constructor(
    private readonly useDeltas: boolean,
    settings: { MutuallySecret: boolean; BlockableAdmins: boolean },
  ) {
    // Both worlds read one fixed clock, so login times match entry for entry.
    const time = new ManualTime(1_800_000_000_000);
    this.env = createTestRoom(
      { VIP: { MutuallySecret: settings.MutuallySecret }, BlockableAdmins: settings.BlockableAdmins },
      { clock: time, timers: time },
    );
  }

  get room() {
    return this.env.room;
  }

  async run(s: Step): Promise<void> {
    const user = 'who' in s ? this.users[s.who] : undefined;
    switch (s.kind) {
      case 'login': {
        if (user?.session.authenticated) return;
        const fresh = this.env.connect();
        this.users[s.who] = fresh;
        this.held[s.who] = new HeldList(fresh);
        const { name, claims } = CAST[s.who]!;
        const reply = await fresh.login(name, claims, { whoDeltas: this.useDeltas && s.deltas });
        expect(reply.action).toBe('me');
        return;
      }
      case 'leave':
        if (user) this.room.disconnect(user.session);
        this.users[s.who] = undefined;
        return;
      case 'me':
        return user?.send({ action: 'me', status: s.status, video: s.video });
      case 'relation': {
        const target = CAST[s.target]!.name;
        if (s.action === 'video-invite') return user?.send({ action: s.action, usernames: [target] });
        return user?.send({ action: s.action, username: target });
      }
      case 'command':
        return this.users[OPERATOR]?.send({
          action: 'message',
          channel: 'lobby',
          message: `${s.command} ${CAST[s.target]!.name}`,
        });
      case 'unmute-all':
        return user?.send({ action: 'message', channel: 'lobby', message: '/unmute-all' });
    }
  }

  /** The list user `i` holds now, as JSON. */
  list(i: number): string {
    return JSON.stringify(this.held[i]!.list());
  }
}

/** The who list a client holds: its last whole list, or that list with every delta since applied. */
class HeldList {
  private entries = new Map<string, WhoEntry>();
  private read = 0;
  private wholeLists = 0;

  constructor(private readonly user: FakeUser) {}

  list(): WhoEntry[] {
    const { user } = this;
    const received = user.peer.received;
    for (; this.read < received.length; this.read++) {
      const msg = received[this.read]!;
      const delta = msg as Partial<WhoDelta>;
      if (msg.action === 'who') {
        this.wholeLists++;
        this.entries = new Map((msg.whoList ?? []).map((e) => [e.username, e as unknown as WhoEntry]));
      } else if (msg.action === 'who-delta') {
        expect(user.session.whoDeltas, 'a who-delta went to a client that did not ask').toBe(true);
        expect(delta.v).toBe(WHO_DELTA_VERSION);
        for (const name of delta.remove ?? []) this.entries.delete(name);
        for (const entry of delta.upsert ?? []) this.entries.set(entry.username, entry);
      }
    }
    if (user.session.whoDeltas) expect(this.wholeLists, 'a delta client gets one whole list per login').toBe(1);
    return [...this.entries.values()].sort((a, b) => compareCodePoints(a.username, b.username));
  }
}

/** Frames sent right after a login wait behind it until its promise settles. */
const settled = () => new Promise((r) => setTimeout(r, 0));

describe('who-list deltas', () => {
  it('give every viewer exactly the list a whole `who` would, after every step of random room life', async () => {
    const seed = Number(process.env['FC_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`who-deltas property seed: ${seed} (rerun with FC_SEED=${seed})`);
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 30 }),
        async (secret, blockable, steps) => {
          const settings = { MutuallySecret: secret, BlockableAdmins: blockable };
          const deltas = new World(true, settings);
          const whole = new World(false, settings);
          try {
            for (const s of steps) {
              await deltas.run(s);
              await whole.run(s);
              await settled();
              deltas.room.who.flush();
              whole.room.who.flush();
              for (const [i, user] of whole.users.entries()) {
                const online = user?.session.authenticated === true;
                expect(deltas.users[i]?.session.authenticated === true).toBe(online);
                if (online) expect(deltas.list(i), `${CAST[i]!.name} after ${JSON.stringify(s)}`).toBe(whole.list(i));
              }
            }
          } finally {
            deltas.room.close();
            whole.room.close();
          }
        },
      ),
      { seed, numRuns: 400 },
    );
  }, 120_000);

  it('send an unchanged list to nobody and a change to a delta client as that change alone', async () => {
    const { room, connect } = createTestRoom();
    const [a, b] = [connect(), connect()];
    await a.login('delta-a', undefined, { whoDeltas: true });
    await b.login('delta-b');
    room.who.flush();
    expect(a.all('who')).toHaveLength(1);
    room.who.flush();
    expect(a.all('who-delta')).toHaveLength(0);
    b.send({ action: 'me', status: 'away', video: 0 });
    await settled();
    room.who.flush();
    const delta = a.last('who-delta') as Partial<WhoDelta>;
    expect(delta.upsert?.map((e) => [e.username, e.status])).toEqual([['delta-b', 'away']]);
    expect(delta.remove).toBeUndefined();
    room.disconnect(b.session);
    room.who.flush();
    expect((a.last('who-delta') as Partial<WhoDelta>).remove).toEqual(['delta-b']);
    room.close();
  });

  it('show a camera again to a delta client that was muted and then unmuted', async () => {
    const { room, connect } = createTestRoom();
    const [cam, viewer] = [connect(), connect()];
    await cam.login('unmute-cam');
    await viewer.login('unmute-viewer', undefined, { whoDeltas: true });
    const held = new HeldList(viewer);
    const camVideo = () => held.list().find((e) => e.username === 'unmute-cam')?.video;
    await settled();
    cam.send({ action: 'me', status: 'online', video: 1 });
    await settled();
    room.who.flush();
    expect(camVideo()).toBe(1);
    cam.send({ action: 'mute', username: 'unmute-viewer' });
    room.who.flush();
    expect(camVideo()).toBe(0);
    cam.send({ action: 'unmute', username: 'unmute-viewer' });
    room.who.flush();
    expect(camVideo()).toBe(1);
    room.close();
  });
});
