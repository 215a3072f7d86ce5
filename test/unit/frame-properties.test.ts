import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actions } from '../../src/core/actions/index.ts';
import type { Logger } from '../../src/core/ports.ts';
import { parseFrame } from '../../src/core/protocol.ts';
import { createTestRoom, type FakeUser } from '../support/fake-room.ts';
import { deepJson, fuzzSeed, hostileValue, objectText, PROTOTYPE_KEYS } from '../support/fuzz.ts';

const seed = fuzzSeed('client frames');
const NAMES = ['alice', 'bob', 'carol', 'mod', ...PROTOTYPE_KEYS];
const COMMANDS = [
  '/op bob',
  '/kick alice',
  '/ban carol 1',
  '/deop mod',
  '/unmute-all',
  '/shutdown',
  '/reconfigure',
  'hi **there**',
];

/** A frame a client could send: a real or bogus action, each field maybe right, maybe hostile. */
const frame = fc.record(
  {
    action: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...Object.keys(actions)) }, hostileValue),
    channel: fc.oneof(fc.constantFrom('lobby', 'vip', '@alice', '@bob', '@__proto__'), hostileValue),
    username: fc.oneof(fc.constantFrom(...NAMES), hostileValue),
    message: fc.oneof(fc.constantFrom(...COMMANDS), hostileValue),
    usernames: fc.oneof(fc.array(fc.constantFrom(...NAMES)), hostileValue),
    video: fc.oneof(fc.integer({ min: 0, max: 511 }), hostileValue),
    status: fc.oneof(fc.constantFrom('online', 'away', 'hidden'), hostileValue),
    msgID: fc.oneof(fc.integer(), hostileValue),
    jwt: hostileValue,
    dnd: hostileValue,
    bytes: hostileValue,
    candidate: hostileValue,
    description: hostileValue,
  },
  { requiredKeys: ['action'] },
);
/** Operator commands typed by users who are not operators (the fuzzed users never are). */
const command = fc.record({
  action: fc.constant('message'),
  channel: fc.constant('lobby'),
  message: fc.constantFrom(...COMMANDS),
});
/** Relations between the users in the room, which decide who sees whom. */
const relation = fc.record({
  action: fc.constantFrom('block', 'mute', 'boot', 'unmute', 'unboot', 'login'),
  username: fc.constantFrom('alice', 'bob', 'carol', 'mod'),
});
const frameText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(frame, fc.option(hostileValue, { nil: undefined })).map(([f, proto]) => objectText(f, proto)),
  },
  { weight: 2, arbitrary: command.map((c) => JSON.stringify(c)) },
  { weight: 2, arbitrary: relation.map((r) => JSON.stringify(r)) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constantFrom(deepJson(100_000), '{"action":"login","username":"x"', 'null', '[]', '"login"') },
);

describe('parseFrame', () => {
  it('turns any text into a message or an error value, never an exception', () => {
    fc.assert(
      fc.property(frameText, (text) => {
        const parsed = parseFrame(text);
        if (parsed.ok) expect(typeof parsed.message.action).toBe('string');
        else expect(parsed.error.length).toBeGreaterThan(0);
        expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
      }),
      { seed, numRuns: 300 },
    );
  });
});

describe('the room under hostile frames', () => {
  it('lets no exception escape, grants no one operator rights, and keeps its invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(2), frameText), { minLength: 1, maxLength: 25 }), async (script) => {
        const errors: string[] = [];
        const logger: Logger = { debug() {}, info() {}, warn() {}, error: (m) => void errors.push(m) };
        const { room, time, connect } = createTestRoom({}, { logger });
        const mod = connect();
        await mod.login('mod', { op: true });
        const users: FakeUser[] = [];
        for (const name of ['alice', 'bob', 'carol']) {
          const u = connect();
          await u.login(name);
          users.push(u);
        }
        for (const [who, text] of script) await room.receive(users[who]!.session, text);
        time.advance(5000);

        expect(errors).toEqual([]);
        for (const u of users) expect(u.session.isOp).toBe(false);
        const online = new Map([...room.onlineSessions()].map((s) => [s.username, s]));
        for (const s of online.values()) {
          expect(room.connections().has(s)).toBe(true);
          expect(s.authenticated).toBe(true);
        }
        for (const viewer of [mod, ...users]) {
          if (!viewer.session.authenticated) continue;
          const list = viewer.last('who')?.whoList ?? [];
          const names = list.map((e) => e.username);
          expect(new Set(names).size).toBe(names.length);
          for (const name of names) {
            const shown = online.get(name);
            expect(shown, `${viewer.session.username} sees ${name}, who is not online`).toBeDefined();
            // A user never sees someone who blocked them (operators are exempt).
            if (shown !== viewer.session && !shown!.isOp && !viewer.session.isOp) {
              expect(shown!.blocked.has(viewer.session.username), `${viewer.session.username} sees ${name}`).toBe(false);
            }
          }
        }
        room.close();
      }),
      { seed, numRuns: 60 },
    );
  }, 120_000);
});
