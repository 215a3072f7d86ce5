import { describe, expect, it } from 'vitest';
import { createJwtService } from '../../src/auth/jwt.ts';
import { amendJwt } from '../../src/core/admin.ts';
import type { Logger, Peer, Timers } from '../../src/core/ports.ts';
import { Room } from '../../src/core/room.ts';
import { defaultSettings } from '../../src/settings/schema.ts';
import { SECRET, signToken } from '../support/tokens.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
/** Who lists and pings are not what this test is about: timers never fire. */
const stopped: Timers = { setTimeout: () => () => undefined, setInterval: () => () => undefined };

function peer(): Peer & { sent: Array<Record<string, unknown>> } {
  const sent: Array<Record<string, unknown>> = [];
  return {
    sent,
    send: (text) => void sent.push(JSON.parse(text) as Record<string, unknown>),
    close() {},
    terminate() {},
    bufferedAmount: () => 0,
  };
}

function roomWith(...names: string[]) {
  const room = new Room({
    settings: defaultSettings(),
    auth: createJwtService({ secret: () => SECRET }),
    logger: quiet,
    timers: stopped,
  });
  const users = names.map((name) => {
    const p = peer();
    const session = room.connect(p);
    room.login(session, name);
    session.jwtLogin = true;
    session.claims = { sub: name };
    return { session, peer: p };
  });
  return { room, users };
}

describe('renaming a user through amend-jwt', () => {
  it("keeps other users' mutes on them under the new name", async () => {
    const { room, users } = roomWith('old-name', 'muter');
    const [renamed, muter] = users;
    muter!.session.muted.add('old-name');

    expect(await amendJwt(room, 'old-name', await signToken({ sub: 'new-name' }))).toEqual({ ok: true });
    expect(room.findOnline('new-name')).toBe(renamed!.session);
    expect(room.findOnline('old-name')).toBeUndefined();

    muter!.peer.sent.length = 0;
    void room.receive(renamed!.session, JSON.stringify({ action: 'message', channel: 'lobby', message: 'hello' }));
    expect(renamed!.peer.sent.some((m) => m['action'] === 'message')).toBe(true);
    expect(muter!.peer.sent.filter((m) => m['action'] === 'message')).toEqual([]);
  });
});
