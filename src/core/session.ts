import type { Claims } from './claims.ts';
import { LazySet, WatchedSet } from './lazy-set.ts';
import type { DisconnectReason, Peer } from './ports.ts';

/** A who list by username: each entry's JSON, in list order. */
export type WhoView = boolean | ReadonlyMap<string, string>;

/** One connected client (WebSocket or polling) and everything the room knows about it. */
export class Session {
  username = '';
  authenticated = false;
  status = 'online';
  video = 0;
  dnd = false;
  claims: Claims | undefined;
  /** Whether the claims came from a JWT at login (a takeover only applies to those). */
  jwtLogin = false;
  /** Unix seconds of the successful login; 0 while the connection has never logged in. */
  loginAt = 0;
  /** Relations to other users, by username; they may name users who are offline. */
  readonly booted = new LazySet<string>();
  /** Watched: the room caches whether anybody mutes or blocks anyone (broadcasts through the fan-out). */
  readonly muted = new WatchedSet<string>();
  readonly blocked = new WatchedSet<string>();
  readonly invited = new LazySet<string>();
  /** Set by /unmute-all: an operator who cannot be blocked even with BlockableAdmins. */
  unblockable = false;
  readonly ownedMsgIDs = new LazySet<number>();
  closed = false;
  /** Why the room removed this session, counted when its connection ends (plain close otherwise). */
  removedFor: DisconnectReason | undefined;
  /** The last who-list frame sent, so an unchanged list is not sent again. */
  lastWho: string | undefined;
  /** Asked at login for who-list deltas (docs/who-deltas.md) instead of whole lists. */
  whoDeltas = false;
  /**
   * The who list a delta client holds, as of the last flush: `true`/`false` for the shared list of
   * VIP or non-VIP viewers, a map of its own when relations shape it, undefined before the first.
   */
  whoView: WhoView | undefined;
  /**
   * Frames that arrived while an earlier one was still being handled (login verifies a JWT,
   * images are re-encoded), each with the callback that settles its `receive` promise.
   */
  readonly backlog: { text: string; done: () => void }[] = [];
  busy = false;

  constructor(
    readonly id: number,
    readonly peer: Peer,
    readonly transport: 'websocket' | 'polling',
    readonly address: string,
    /** Milliseconds since the epoch when the connection opened. */
    readonly connectedAt = 0,
  ) {}

  /** Operator (the original's "admin"; the fork's "everyone is admin" is a bug we do not copy). */
  get isOp(): boolean {
    return this.claims?.op === true;
  }

  get isVIP(): boolean {
    return this.claims?.vip === true;
  }

  /** Visible in the who list, statistics and presence: logged in and not an operator in hidden mode. */
  get isVisible(): boolean {
    return this.authenticated && this.status !== 'hidden';
  }

  get label(): string {
    return this.username ? `${this.username}#${this.id}` : `#${this.id}`;
  }
}
