import type { Peer } from './ports.ts';
import type { RoomStateStore } from './room-state.ts';
import type { Room } from './room.ts';
import { CHAT_SERVER, PING_INTERVAL_MS, PRESENCE } from './wire.ts';
import type { Session, SessionSnapshot } from './session.ts';

/** A polling client's outbox holds this many messages; one more and the session is dropped. */
export const POLL_QUEUE_LIMIT = 32;
/** A polling session not seen for this long is removed ("has timed out!"). */
export const POLL_IDLE_MS = 60_000;
export const POLL_SWEEP_MS = 10_000;
const STORE_PREFIX = 'poll:';

/** A connection whose messages wait in a bounded queue until the client polls for them. */
class PollPeer implements Peer {
  /** Set once the login succeeded: the session the queue belongs to, and its record's writer. */
  entry: PollEntry | undefined;

  constructor(
    private readonly sessions: PollingSessions,
    private queue: string[] = [],
  ) {}

  send(text: string): void {
    // Throwing makes the room drop the session, as a WebSocket that cannot keep up is dropped.
    if (this.queue.length >= POLL_QUEUE_LIMIT) throw new Error(`poll queue full (${POLL_QUEUE_LIMIT} messages)`);
    this.queue.push(text);
    this.entry?.session.changed();
  }

  persist(snapshot: SessionSnapshot): void {
    if (this.entry) this.sessions.save(this.entry, snapshot, this.queue);
  }

  close(): void {
    this.queue = [];
  }

  terminate(): void {
    this.close();
  }

  bufferedAmount(): number {
    return 0;
  }

  /** Everything queued, in order, as JSON text of an array. */
  drain(): string {
    const out = `[${this.queue.join(',')}]`;
    this.queue = [];
    return out;
  }
}

interface PollEntry {
  id: string;
  session: Session;
  peer: PollPeer;
  /** The name its client was last told (a kick clears the session's name; its client still uses this one). */
  username: string;
  lastSeen: number;
  lastPing: number;
}

export interface PollRequest {
  username?: string;
  session_id?: string;
  msg?: unknown;
}

/** A polling session as the state store keeps it: the session, its queue and its timestamps. */
interface StoredPollEntry {
  session: SessionSnapshot;
  queue: string[];
  username: string;
  lastSeen: number;
  lastPing: number;
}

/** The reply: 200 or 400 and the JSON body, built as text so queued messages are not re-serialized. */
export interface PollReply {
  status: 200 | 400;
  body: string;
}

const errorEnvelope = (text: string): PollReply => ({
  status: 400,
  body: JSON.stringify({ messages: [{ action: 'error', username: CHAT_SERVER, message: text }] }),
});

/**
 * The `/poll` transport (docs/protocol.md#polling): each poll delivers one client message to the room and
 * returns what was queued for the client since its last poll. Sessions are ordinary room sessions
 * with a queueing peer; the room cannot tell them from WebSockets except for pings, which are sent
 * lazily on polls.
 */
export class PollingSessions {
  private readonly byId = new Map<string, PollEntry>();
  /** The idle sweep runs while there are polling sessions. */
  private stopSweep: (() => void) | undefined;

  /** With a state store, sessions are written through to it and the ones it holds are restored. */
  constructor(
    private readonly room: Room,
    private readonly state?: RoomStateStore,
  ) {
    for (const [key, value] of state?.list(STORE_PREFIX) ?? []) {
      const stored = JSON.parse(value) as StoredPollEntry;
      const peer = new PollPeer(this, stored.queue);
      const session = room.restore(peer, stored.session);
      this.track(key.slice(STORE_PREFIX.length), peer, session, stored);
    }
  }

  /** How many polling sessions there are. */
  get size(): number {
    return this.byId.size;
  }

  private track(
    id: string,
    peer: PollPeer,
    session: Session,
    times: Pick<PollEntry, 'username' | 'lastSeen' | 'lastPing'>,
  ): void {
    const entry: PollEntry = { id, session, peer, username: times.username, lastSeen: times.lastSeen, lastPing: times.lastPing };
    peer.entry = entry;
    this.byId.set(id, entry);
    this.stopSweep ??= this.room.timers.setInterval(() => this.sweep(), POLL_SWEEP_MS, 'poll-sweep');
  }

  /** Write a session's record (its peer calls this when the room persists the session). */
  save(entry: PollEntry, snapshot: SessionSnapshot, queue: string[]): void {
    if (!this.state || this.byId.get(entry.id) !== entry) return;
    const { username, lastSeen, lastPing } = entry;
    const stored: StoredPollEntry = { session: snapshot, queue, username, lastSeen, lastPing };
    this.state.put(STORE_PREFIX + entry.id, JSON.stringify(stored));
  }

  async poll(req: PollRequest, address: string): Promise<PollReply> {
    const username = req.username ?? '';
    const sessionId = req.session_id ?? '';
    if (username || sessionId) {
      if (!username || !sessionId) return errorEnvelope('Authentication error: SessionID and Username both required.');
      return this.pollSession(username, sessionId, req.msg);
    }
    const msg = req.msg;
    if (!msg || typeof msg !== 'object' || (msg as { action?: unknown }).action !== 'login')
      return errorEnvelope('Not logged in.');
    return this.login(msg, address);
  }

  private async login(msg: object, address: string): Promise<PollReply> {
    const peer = new PollPeer(this);
    const session = this.room.connect(peer, 'polling', address);
    await this.room.receive(session, JSON.stringify(msg));
    this.room.who.flushFor(session);
    const messages = peer.drain();
    if (!session.authenticated) {
      this.room.disconnect(session);
      return this.reply(undefined, messages);
    }
    const id = crypto.randomUUID();
    // lastPing 0: the first poll after login brings a ping with a fresh token, like the original.
    this.track(id, peer, session, { username: session.username, lastSeen: this.room.clock.now(), lastPing: 0 });
    session.changed();
    return this.reply({ username: session.username, session_id: id }, messages);
  }

  private async pollSession(username: string, sessionId: string, msg: unknown): Promise<PollReply> {
    const entry = this.byId.get(sessionId);
    // The name it polls with is the one it was last told; a rename (amend-jwt) tells it the new one in this reply.
    if (!entry || entry.session.closed || (username !== entry.session.username && username !== entry.username)) {
      if (entry) this.remove(sessionId, entry);
      return {
        status: 400,
        body: JSON.stringify({
          messages: [
            {
              action: 'error',
              username: CHAT_SERVER,
              message: 'Your authentication has expired, please log back into the chat again.',
            },
            { action: 'disconnect' },
          ],
        }),
      };
    }
    const { session, peer } = entry;
    // Kicked, banned or signed out by a login elsewhere: hand over why (the queued notice and disconnect) and forget it.
    if (!session.authenticated) {
      this.remove(sessionId, entry);
      return this.reply(undefined, peer.drain());
    }
    entry.lastSeen = this.room.clock.now();
    session.changed();
    await this.room.receive(session, JSON.stringify(msg ?? {}));
    if (session.authenticated && this.room.clock.now() - entry.lastPing > PING_INTERVAL_MS) {
      entry.lastPing = this.room.clock.now();
      await this.room.ping(session);
    }
    this.room.who.flushFor(session);
    // The drained queue is the state to keep.
    session.changed();
    if (!session.authenticated) return this.reply(undefined, peer.drain());
    entry.username = session.username;
    return this.reply({ username: session.username, session_id: sessionId }, peer.drain());
  }

  private reply(who: { username: string; session_id: string } | undefined, messages: string): PollReply {
    const head = who ? `{"username":${JSON.stringify(who.username)},"session_id":${JSON.stringify(who.session_id)},` : '{';
    return { status: 200, body: `${head}"messages":${messages}}` };
  }

  private remove(id: string, entry: PollEntry, presence?: string): void {
    this.forget(id);
    this.room.disconnect(entry.session, presence);
  }

  private forget(id: string): void {
    this.byId.delete(id);
    this.state?.delete(STORE_PREFIX + id);
    if (this.byId.size > 0) return;
    this.stopSweep?.();
    this.stopSweep = undefined;
  }

  /** Remove sessions whose client stopped polling; visible ones are announced as timed out. */
  private sweep(): void {
    const now = this.room.clock.now();
    for (const [id, entry] of this.byId) {
      if (entry.session.closed) this.forget(id);
      else if (now - entry.lastSeen > POLL_IDLE_MS) this.remove(id, entry, PRESENCE.timedOut);
    }
  }

  /** The room is closing for good: forget every session (a restarted server has none). */
  stop(): void {
    for (const id of [...this.byId.keys()]) this.forget(id);
  }
}
