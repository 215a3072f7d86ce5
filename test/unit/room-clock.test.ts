import { describe, expect, it } from 'vitest';
import type { Authenticator, Peer, Timers } from '../../src/core/ports.ts';
import { POLL_IDLE_MS, POLL_SWEEP_MS } from '../../src/core/polling.ts';
import { Room } from '../../src/core/room.ts';
import { defaultSettings } from '../../src/settings/schema.ts';

/** Timers and a clock driven by hand. */
function manualTime() {
  let now = 1_700_000_000_000;
  let nextId = 0;
  const jobs = new Map<number, { at: number; fn: () => void; every?: number }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      const id = nextId++;
      jobs.set(id, { at: now + ms, fn });
      return () => jobs.delete(id);
    },
    setInterval(fn, ms) {
      const id = nextId++;
      jobs.set(id, { at: now + ms, fn, every: ms });
      return () => jobs.delete(id);
    },
  };
  return {
    clock: { now: () => now },
    timers,
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...jobs.entries()].filter(([, j]) => j.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        const [id, job] = due;
        now = job.at;
        if (job.every) job.at += job.every;
        else jobs.delete(id);
        job.fn();
      }
      now = until;
    },
  };
}

const auth: Authenticator = {
  verify: async () => ({ ok: false, error: 'no tokens here' }),
  sign: async () => 'signed',
};
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function recordingPeer(): Peer & { frames: Array<Record<string, unknown>> } {
  const frames: Array<Record<string, unknown>> = [];
  return { frames, send: (t) => frames.push(JSON.parse(t)), close() {}, terminate() {}, bufferedAmount: () => 0 };
}

function makeRoom() {
  const time = manualTime();
  const room = new Room({
    settings: defaultSettings(),
    auth,
    logger: quiet,
    clock: time.clock,
    timers: time.timers,
    whoWindowMs: () => 0,
  });
  return { room, time };
}

const body = (text: string) =>
  JSON.parse(text) as { username?: string; session_id?: string; messages: Array<Record<string, unknown>> };

describe('polling sessions on the room clock', () => {
  it('time out after 60 s without a poll, announced as "has timed out!"', async () => {
    const { room, time } = makeRoom();
    const watcher = room.connect(recordingPeer());
    await room.receive(watcher, JSON.stringify({ action: 'login', username: 'watcher' }));
    const login = body((await room.polling.poll({ msg: { action: 'login', username: 'sleepy' } }, '')).body);
    expect(login.session_id).toBeTruthy();

    time.advance(POLL_IDLE_MS - POLL_SWEEP_MS);
    await room.polling.poll({ username: 'sleepy', session_id: login.session_id, msg: { action: 'ping' } }, '');
    time.advance(POLL_IDLE_MS);
    expect(room.findOnline('sleepy')).toBeDefined();
    const frames = (watcher.peer as ReturnType<typeof recordingPeer>).frames;
    expect(frames.filter((f) => f['action'] === 'presence' && f['message'] !== 'has joined the room!')).toEqual([]);

    time.advance(POLL_SWEEP_MS);
    expect(room.findOnline('sleepy')).toBeUndefined();
    expect(frames).toContainEqual({ action: 'presence', username: 'sleepy', message: 'has timed out!' });
    const after = await room.polling.poll({ username: 'sleepy', session_id: login.session_id, msg: { action: 'ping' } }, '');
    expect(after.status).toBe(400);
    room.close();
  });

  it('pings a polling user lazily, at most every 30 s, and never on the WebSocket ping timer', async () => {
    const { room, time } = makeRoom();
    const login = body((await room.polling.poll({ msg: { action: 'login', username: 'lazy' } }, '')).body);
    const poll = async () =>
      body((await room.polling.poll({ username: 'lazy', session_id: login.session_id, msg: { action: 'ping' } }, '')).body);
    const pings = (b: ReturnType<typeof body>) => b.messages.filter((m) => m['action'] === 'ping').length;
    expect(pings(await poll())).toBe(1);
    time.advance(29_000);
    expect(pings(await poll())).toBe(0);
    time.advance(2_000);
    expect(pings(await poll())).toBe(1);
    room.close();
  });
});

describe('images without an image processor', () => {
  it('are refused with a clear error', async () => {
    const { room } = makeRoom();
    const peer = recordingPeer();
    const s = room.connect(peer);
    await room.receive(s, JSON.stringify({ action: 'login', username: 'edge' }));
    await room.receive(s, JSON.stringify({ action: 'file', channel: 'offtopic', message: 'a.png', bytes: [1, 2, 3] }));
    expect(peer.frames.at(-1)).toEqual({
      action: 'error',
      username: 'ChatServer',
      message: 'Image sharing is not available on this chat server.',
    });
    room.close();
  });
});
