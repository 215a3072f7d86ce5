import { describe, expect, it } from 'vitest';
import { createJwtService } from '../../src/auth/jwt.ts';
import type { Logger } from '../../src/core/ports.ts';
import { memoryStateStore, type RoomStateStore } from '../../src/core/room-state.ts';
import { Room } from '../../src/core/room.ts';
import type { SessionSnapshot } from '../../src/core/session.ts';
import type { Msg } from '../support/client.ts';
import { FakePeer, ManualTime } from '../support/fake-room.ts';
import { testSettings } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A peer that keeps the last snapshot the room persisted for it, as a socket attachment does. */
class SnapshotPeer extends FakePeer {
  snapshot: SessionSnapshot | undefined;
  persist(snapshot: SessionSnapshot): void {
    this.snapshot = structuredClone(snapshot);
  }
}

/** A room on a state store, as a Durable Object builds it (again after every wake). */
function roomOn(state: RoomStateStore, time: ManualTime): Room {
  return new Room({
    settings: testSettings({
      JWT: { Enabled: true, Strict: false, SecretKey: SECRET },
      PublicChannels: [{ ID: 'lobby', Name: 'Lobby', EchoMessagesOnJoin: 5 }],
      FloodLimits: { FrameBurst: 1000, ChatBurst: 1000 },
    }),
    auth: createJwtService({ secret: () => SECRET, now: () => time.now() }),
    logger: silent,
    clock: time,
    timers: time,
    state,
    whoWindowMs: () => 0,
  });
}

const flush = () => new Promise((r) => setTimeout(r, 5));

async function login(room: Room, peer: SnapshotPeer, name: string, claims?: Record<string, unknown>): Promise<void> {
  const session = room.connect(peer);
  const jwt = claims ? await signToken({ sub: name, ...claims }) : undefined;
  await room.receive(session, JSON.stringify({ action: 'login', username: name, jwt }));
}

const send = (room: Room, name: string, msg: Record<string, unknown>) =>
  room.receive(room.findOnline(name)!, JSON.stringify(msg));

describe('a room rebuilt from its state store and session snapshots (a Durable Object after hibernation)', () => {
  it('restores who is here with their state, mutes, bans, blocklists, echo and message ids, silently', async () => {
    const state = memoryStateStore();
    const time = new ManualTime(Date.now());
    const first = roomOn(state, time);
    const [op, cam] = [new SnapshotPeer(), new SnapshotPeer()];
    await login(first, op, 'op', { op: true, nick: 'Boss' });
    await login(first, cam, 'cam');
    await send(first, 'op', { action: 'me', status: 'away', video: 0 });
    await send(first, 'cam', { action: 'me', status: 'online', video: 1 });
    await send(first, 'op', { action: 'mute', username: 'cam' });
    await send(first, 'op', { action: 'message', channel: 'lobby', message: '/ban troll 2' });
    first.blocklists.set('later', ['cam']);
    await send(first, 'cam', { action: 'message', channel: 'lobby', message: 'before' });
    const before = cam.received.find((m) => m.message === '<p>before</p>')!.msgID!;
    await flush();

    // The object is evicted: a new room on the same storage, the same sockets with their snapshots.
    const second = roomOn(state, time);
    const [op2, cam2] = [new SnapshotPeer(), new SnapshotPeer()];
    second.restore(op2, op.snapshot!);
    second.restore(cam2, cam.snapshot!);
    await flush();
    expect([...op2.received, ...cam2.received]).toEqual([]);

    expect(second.statistics()).toEqual({ UserCount: 2, Usernames: ['op', 'cam'], Cameras: { Blue: 1, Red: 0 } });
    expect(second.findOnline('op')).toMatchObject({
      status: 'away',
      isOp: true,
      claims: expect.objectContaining({ nick: 'Boss' }),
    });
    expect(second.blocklists.get('later')).toEqual(['cam']);

    await send(second, 'cam', { action: 'message', channel: 'lobby', message: 'after' });
    const after = cam2.received.find((m) => m.message === '<p>after</p>')!;
    expect(after.msgID).toBeGreaterThan(before);
    expect(op2.received.some((m: Msg) => m.message === '<p>after</p>')).toBe(false);

    const troll = new SnapshotPeer();
    await login(second, troll, 'troll');
    expect(troll.received.at(-1)).toEqual({ action: 'disconnect' });
    const newcomer = new SnapshotPeer();
    await login(second, newcomer, 'newcomer');
    expect(newcomer.received.find((m) => m.action === 'echo')?.messages?.map((m) => m.message)).toEqual([
      '<p>before</p>',
      '<p>after</p>',
    ]);
    // A newcomer's session id does not collide with a restored one.
    expect(newcomer.snapshot!.id).toBeGreaterThan(Math.max(op.snapshot!.id, cam.snapshot!.id));
  });

  it('never reuses a message id, even when the room is rebuilt many times', async () => {
    const state = memoryStateStore();
    const time = new ManualTime(Date.now());
    const seen: number[] = [];
    for (let round = 0; round < 3; round++) {
      const room = roomOn(state, time);
      const peer = new SnapshotPeer();
      await login(room, peer, `user${round}`);
      for (let i = 0; i < 3; i++) await send(room, `user${round}`, { action: 'message', channel: 'lobby', message: `m${i}` });
      seen.push(...peer.received.filter((m) => m.action === 'message').map((m) => m.msgID!));
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('writes a session snapshot once per turn of changes, and not for a session nothing changed', async () => {
    const time = new ManualTime(Date.now());
    const room = roomOn(memoryStateStore(), time);
    const [a, b] = [new SnapshotPeer(), new SnapshotPeer()];
    let writes = 0;
    const persist = b.persist.bind(b);
    b.persist = (snapshot) => {
      writes++;
      persist(snapshot);
    };
    await login(room, a, 'a');
    await login(room, b, 'b');
    await flush();
    writes = 0;
    await send(room, 'a', { action: 'message', channel: 'lobby', message: 'hello' });
    await flush();
    expect(writes).toBe(0);
    room.findOnline('b')!.muted.add('x');
    room.findOnline('b')!.blocked.add('x');
    room.findOnline('b')!.status = 'away';
    await flush();
    expect(writes).toBe(1);
    expect(b.snapshot).toMatchObject({ muted: ['x'], blocked: ['x'], status: 'away' });
  });

  it('keeps only the newest 256 own message ids in a snapshot, so a long session stays small', async () => {
    const time = new ManualTime(Date.now());
    const room = roomOn(memoryStateStore(), time);
    const peer = new SnapshotPeer();
    await login(room, peer, 'chatty');
    for (let i = 0; i < 300; i++) await send(room, 'chatty', { action: 'message', channel: 'lobby', message: `m${i}` });
    await flush();
    const ids = peer.received.filter((m) => m.action === 'message').map((m) => m.msgID!);
    expect(ids).toHaveLength(300);
    expect(peer.snapshot!.ownedMsgIDs).toEqual(ids.slice(-256));
  });

  it('brings polling sessions back with their queued messages', async () => {
    const state = memoryStateStore();
    const time = new ManualTime(Date.now());
    const first = roomOn(state, time);
    const reply = await first.polling.poll({ msg: { action: 'login', username: 'poller' } }, '127.0.0.1');
    const { session_id } = JSON.parse(reply.body) as { session_id: string };
    const ws = new SnapshotPeer();
    await login(first, ws, 'talker');
    await send(first, 'talker', { action: 'message', channel: 'lobby', message: 'queued for the poller' });
    await flush();

    const second = roomOn(state, time);
    expect(second.polling.size).toBe(1);
    const next = await second.polling.poll({ username: 'poller', session_id }, '127.0.0.1');
    expect(next.status).toBe(200);
    expect(next.body).toContain('queued for the poller');
  });
});
