import { describe, expect, it } from 'vitest';
import { encode, type WhoEntry } from '../../src/core/protocol.ts';
import { Session } from '../../src/core/session.ts';
import { VideoFlag } from '../../src/core/wire.ts';
import {
  burstWindow,
  MAX_WHO_WINDOW_MS,
  MIN_WHO_WINDOW_MS,
  WhoListPublisher,
  type WhoWindowState,
} from '../../src/core/who-list.ts';

interface Sent {
  to: string;
  text: string;
}

/** A room of in-memory sessions with a hand-driven clock and timer, recording every delivery. */
function fakeRoom(opts: { canPublish?: boolean } = {}) {
  const sessions: Session[] = [];
  const sent: Sent[] = [];
  const published: string[] = [];
  let now = 0;
  let pending: { fn: () => void; at: number } | undefined;
  const who = new WhoListPublisher(
    {
      sessions: () => sessions,
      blockableAdmins: () => false,
      vipMutuallySecret: () => false,
      deliver: (s, text) => sent.push({ to: s.username, text }),
      publishToAll: (text) => {
        if (!opts.canPublish) return false;
        published.push(text);
        return true;
      },
    },
    (fn, ms) => {
      pending = { fn, at: now + ms };
      return () => (pending = undefined);
    },
    () => now,
  );
  const peer = { send: () => {}, close: () => {}, terminate: () => {}, bufferedAmount: () => 0 };
  return {
    who,
    sent,
    published,
    join(username: string, setup: (s: Session) => void = () => {}): Session {
      const s = new Session(sessions.length + 1, peer, 'websocket', '');
      s.username = username;
      s.authenticated = true;
      s.loginAt = 1700000000;
      setup(s);
      sessions.push(s);
      who.changed(sessions.length);
      return s;
    },
    /** Advance the clock, firing the pending flush when its time comes. */
    advance(ms: number): void {
      now += ms;
      if (pending && pending.at <= now) {
        const { fn } = pending;
        pending = undefined;
        fn();
      }
    },
    pendingWindow: () => (pending ? pending.at - now : undefined),
    lists: (to: string) =>
      sent.filter((m) => m.to === to).map((m) => JSON.parse(m.text) as { whoList?: Array<Record<string, unknown>> }),
  };
}

const names = (msg: { whoList?: Array<Record<string, unknown>> } | undefined) => (msg?.whoList ?? []).map((e) => e['username']);

describe('who-list coalescing', () => {
  it('sends one list per viewer for a burst of joins, with everyone in it', () => {
    const room = fakeRoom();
    for (const n of ['carol', 'alice', 'bob']) room.join(n);
    expect(room.sent).toHaveLength(0);
    room.advance(MIN_WHO_WINDOW_MS);
    expect(room.sent.map((m) => m.to).sort()).toEqual(['alice', 'bob', 'carol']);
    for (const n of ['alice', 'bob', 'carol']) expect(names(room.lists(n)[0])).toEqual(['alice', 'bob', 'carol']);
  });

  it('does not send a viewer the same list twice', () => {
    const room = fakeRoom();
    room.join('alice');
    room.advance(MIN_WHO_WINDOW_MS);
    room.who.changed(1);
    room.advance(MAX_WHO_WINDOW_MS);
    expect(room.sent).toHaveLength(1);
  });

  it('publishes a list that is new to everyone in one call when the room can', () => {
    const room = fakeRoom({ canPublish: true });
    room.join('alice');
    room.join('bob');
    room.advance(MIN_WHO_WINDOW_MS);
    expect(room.sent).toHaveLength(0);
    expect(room.published.map((t) => names(JSON.parse(t)))).toEqual([['alice', 'bob']]);
    room.who.changed(2);
    room.advance(MAX_WHO_WINDOW_MS);
    expect(room.published).toHaveLength(1);
  });

  it('serializes entries exactly like encode, and an empty list without whoList', () => {
    const room = fakeRoom();
    const a = room.join('alice', (s) => {
      s.video = VideoFlag.Active;
      s.dnd = true;
      s.claims = { nick: 'Alice', img: '/a.png', emoji: '🤖', gender: 'f', op: true };
    });
    room.advance(MIN_WHO_WINDOW_MS);
    const entry: WhoEntry = {
      username: 'alice',
      status: 'online',
      video: 1,
      loginAt: 1700000000,
      op: true,
      nickname: 'Alice',
      dnd: true,
      avatar: '/a.png',
      emoji: '🤖',
      gender: 'f',
    };
    expect(room.sent[0]!.text).toBe(encode({ action: 'who', whoList: [entry] }));
    a.status = 'hidden';
    room.who.flush();
    expect(room.sent[1]!.text).toBe('{"action":"who"}');
  });

  it('rebuilds an entry whose user changed, even between flushes of the same viewers', () => {
    const room = fakeRoom();
    const alice = room.join('alice');
    room.join('bob');
    room.advance(MIN_WHO_WINDOW_MS);
    alice.status = 'away';
    room.who.changed(2);
    room.advance(MAX_WHO_WINDOW_MS);
    expect(room.lists('bob').at(-1)!.whoList![0]).toMatchObject({ username: 'alice', status: 'away' });
  });

  it('gives users touched by a mute their own list and everyone else the shared one', () => {
    const room = fakeRoom({ canPublish: true });
    room.join('alice');
    room.join('bob', (s) => {
      s.video = VideoFlag.Active;
      s.muted.add('carol');
    });
    room.join('carol');
    room.advance(MIN_WHO_WINDOW_MS);
    const video = (viewer: string, of: string) =>
      room
        .lists(viewer)
        .at(-1)!
        .whoList!.find((e) => e['username'] === of)!['video'];
    expect(video('carol', 'bob')).toBe(0);
    expect(video('alice', 'bob')).toBe(VideoFlag.Active);
    expect(video('bob', 'bob')).toBe(VideoFlag.Active);
    expect(room.published).toHaveLength(0);
    const text = (to: string) => room.sent.find((m) => m.to === to)!.text;
    expect(text('alice')).toBe(text('bob'));
  });
});

describe('who-list window', () => {
  const state = (s: Partial<WhoWindowState>): WhoWindowState => ({
    population: 10,
    lastChanges: 1,
    lastWindowMs: MIN_WHO_WINDOW_MS,
    sinceFlushMs: 1e9,
    ...s,
  });

  it('is short for a single change', () => {
    expect(burstWindow(state({}))).toBe(MIN_WHO_WINDOW_MS);
  });

  it('doubles while changes keep arriving in bursts, up to the maximum', () => {
    expect(burstWindow(state({ lastChanges: 5, lastWindowMs: 40, sinceFlushMs: 3 }))).toBe(80);
    expect(burstWindow(state({ lastChanges: 50, lastWindowMs: 400, sinceFlushMs: 3 }))).toBe(MAX_WHO_WINDOW_MS);
  });

  it('starts short again after a quiet gap', () => {
    expect(burstWindow(state({ lastChanges: 50, lastWindowMs: 400, sinceFlushMs: 5000 }))).toBe(MIN_WHO_WINDOW_MS);
  });

  it('grows across a storm of joins so the crowd costs a few lists, not one per join', () => {
    const room = fakeRoom();
    for (let i = 0; i < 400; i++) {
      room.join(`user${String(i).padStart(3, '0')}`);
      room.advance(2);
    }
    room.advance(MAX_WHO_WINDOW_MS);
    const perViewer = room.lists('user000');
    expect(perViewer.length).toBeLessThan(12);
    expect(names(perViewer.at(-1))).toHaveLength(400);
  });
});

describe('encode', () => {
  it('leaves out empty envelope fields, also in echoed messages, and keeps who entries exact', () => {
    expect(encode({ action: 'me', username: 'a', video: 0, message: '' })).toBe('{"action":"me","username":"a"}');
    expect(encode({ action: 'echo', messages: [{ action: 'message', channel: 'lobby', msgID: 0, message: 'hi' }] })).toBe(
      '{"action":"echo","messages":[{"action":"message","channel":"lobby","message":"hi"}]}',
    );
    expect(encode({ action: 'echo', messages: [] })).toBe('{"action":"echo"}');
    expect(encode({ action: 'who', whoList: [{ username: 'a', status: 'online', video: 0, loginAt: 1, op: false }] })).toBe(
      '{"action":"who","whoList":[{"username":"a","status":"online","video":0,"loginAt":1,"op":false}]}',
    );
  });
});
