import { createJwtService } from '../../src/auth/jwt.ts';
import type { Clock, Logger, Peer, Timers } from '../../src/core/ports.ts';
import { Room, type RoomOptions } from '../../src/core/room.ts';
import type { Session } from '../../src/core/session.ts';
import type { Settings } from '../../src/settings/schema.ts';
import type { Msg } from './client.ts';
import { testSettings, type DeepPartial } from './server.ts';
import { SECRET, signToken } from './tokens.ts';

/** A clock and timers that move only when the test says so. */
export class ManualTime implements Clock, Timers {
  private timers: { at: number; fn: () => void; every?: number; id: number }[] = [];
  private nextId = 1;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    return this.add(fn, ms);
  }

  setInterval(fn: () => void, ms: number): () => void {
    return this.add(fn, ms, Math.max(1, ms));
  }

  /** Move time forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.current = due.at;
      if (due.every) due.at += due.every;
      else this.timers = this.timers.filter((t) => t !== due);
      due.fn();
    }
    this.current = end;
  }

  private add(fn: () => void, ms: number, every?: number): () => void {
    const timer = { at: this.current + Math.max(0, ms), fn, every, id: this.nextId++ };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }
}

/** A connection that records what the room sends it. */
export class FakePeer implements Peer {
  readonly received: Msg[] = [];
  closedWith: { code: number; reason: string } | undefined;
  terminated = false;

  send(text: string): void {
    this.received.push(JSON.parse(text) as Msg);
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }

  terminate(): void {
    this.terminated = true;
  }

  bufferedAmount(): number {
    return 0;
  }
}

export class FakeUser {
  constructor(
    readonly room: Room,
    readonly session: Session,
    readonly peer: FakePeer,
  ) {}

  send(msg: Record<string, unknown>): void {
    void this.room.receive(this.session, JSON.stringify(msg));
  }

  /** Everything received with this action, oldest first. */
  all(action: string): Msg[] {
    return this.peer.received.filter((m) => m.action === action);
  }

  last(action: string): Msg | undefined {
    return this.all(action).at(-1);
  }

  /** Send a login and wait (in real time: token checks are asynchronous) for `me`, an error or disconnect. */
  async login(username: string, claims?: Record<string, unknown>): Promise<Msg> {
    const before = this.peer.received.length;
    this.send({ action: 'login', username, ...(claims ? { jwt: await signToken({ sub: username, ...claims }) } : {}) });
    for (let i = 0; i < 500; i++) {
      const reply = this.peer.received.slice(before).find((m) => ['me', 'error', 'disconnect'].includes(m.action));
      if (reply) return reply;
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error(`no reply to login: ${JSON.stringify(this.peer.received.slice(before))}`);
  }
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A room on manual time with JWT logins (tokens from test/support/tokens.ts), no sockets. */
export function createTestRoom(settings: DeepPartial<Settings> = {}, options: Partial<RoomOptions> = {}) {
  const time = new ManualTime(Date.now());
  const room = new Room({
    settings: testSettings({ JWT: { Enabled: true, Strict: false, SecretKey: SECRET }, ...settings }),
    auth: createJwtService({ secret: () => SECRET, now: () => time.now() }),
    logger: silent,
    clock: time,
    timers: time,
    ...options,
  });
  const connect = () => {
    const peer = new FakePeer();
    return new FakeUser(room, room.connect(peer), peer);
  };
  return { room, time, connect };
}
