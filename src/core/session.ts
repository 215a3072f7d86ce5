import type { Claims } from './claims.ts';
import { type ChangeListener, LazySet, WatchedSet } from './lazy-set.ts';
import type { DisconnectReason, Peer } from './ports.ts';

/** A who list by username: each entry's JSON, in list order. */
export type WhoView = boolean | ReadonlyMap<string, string>;

/**
 * The newest message ids of its own that a snapshot keeps for takebacks: a session's list grows with
 * every message, and a snapshot should stay small (older DMs can still be taken back through the
 * history, which records the sender).
 */
export const SNAPSHOT_OWNED_IDS = 256;

/**
 * Everything a session must keep to be rebuilt after its process went away with the socket still
 * open (a Durable Object's hibernation): plain JSON, small unless the user mutes or blocks many.
 */
export interface SessionSnapshot {
  id: number;
  transport: 'websocket' | 'polling';
  address: string;
  /** Milliseconds since the epoch when the connection opened (the login timeout counts from it). */
  connectedAt: number;
  username: string;
  authenticated: boolean;
  status: string;
  video: number;
  dnd: boolean;
  claims?: Claims;
  jwtLogin: boolean;
  loginAt: number;
  booted: string[];
  muted: string[];
  blocked: string[];
  invited: string[];
  unblockable: boolean;
  ownedMsgIDs: number[];
  /** Asked for who-list deltas; the list it holds is not kept, so its next update is a whole `who`. */
  whoDeltas?: boolean;
}

/**
 * One connected client (WebSocket or polling) and everything the room knows about it. Where the
 * room persists sessions, every change to what a snapshot holds calls `onChange` once, until the
 * room has written the session again.
 */
export class Session implements ChangeListener {
  private _username = '';
  private _authenticated = false;
  private _status = 'online';
  private _video = 0;
  private _dnd = false;
  private _claims: Claims | undefined;
  private _jwtLogin = false;
  private _loginAt = 0;
  private _unblockable = false;
  /** Relations to other users, by username; they may name users who are offline. */
  readonly booted = new LazySet<string>(this);
  /** Watched: the room caches whether anybody mutes or blocks anyone (broadcasts through the fan-out). */
  readonly muted = new WatchedSet<string>(this);
  readonly blocked = new WatchedSet<string>(this);
  readonly invited = new LazySet<string>(this);
  readonly ownedMsgIDs = new LazySet<number>(this);
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
  /** Set by a room that persists sessions; `dirty` until the room has written this one. */
  onChange: ((session: Session) => void) | undefined;
  dirty = false;

  constructor(
    readonly id: number,
    readonly peer: Peer,
    readonly transport: 'websocket' | 'polling',
    readonly address: string,
    /** Milliseconds since the epoch when the connection opened. */
    readonly connectedAt = 0,
  ) {}

  /** A session as it was snapshotted, on a new peer (the same socket, or a polling queue). */
  static fromSnapshot(snapshot: SessionSnapshot, peer: Peer): Session {
    const s = new Session(snapshot.id, peer, snapshot.transport, snapshot.address, snapshot.connectedAt);
    s._username = snapshot.username;
    s._authenticated = snapshot.authenticated;
    s._status = snapshot.status;
    s._video = snapshot.video;
    s._dnd = snapshot.dnd;
    s._claims = snapshot.claims;
    s._jwtLogin = snapshot.jwtLogin;
    s._loginAt = snapshot.loginAt;
    s._unblockable = snapshot.unblockable;
    for (const [set, names] of [
      [s.booted, snapshot.booted],
      [s.muted, snapshot.muted],
      [s.blocked, snapshot.blocked],
      [s.invited, snapshot.invited],
    ] as const) {
      for (const name of names) set.add(name);
    }
    for (const id of snapshot.ownedMsgIDs) s.ownedMsgIDs.add(id);
    s.whoDeltas = snapshot.whoDeltas === true;
    return s;
  }

  snapshot(): SessionSnapshot {
    const snapshot: SessionSnapshot = {
      id: this.id,
      transport: this.transport,
      address: this.address,
      connectedAt: this.connectedAt,
      username: this._username,
      authenticated: this._authenticated,
      status: this._status,
      video: this._video,
      dnd: this._dnd,
      jwtLogin: this._jwtLogin,
      loginAt: this._loginAt,
      booted: [...this.booted],
      muted: [...this.muted],
      blocked: [...this.blocked],
      invited: [...this.invited],
      unblockable: this._unblockable,
      ownedMsgIDs: [...this.ownedMsgIDs].slice(-SNAPSHOT_OWNED_IDS),
    };
    if (this._claims) snapshot.claims = this._claims;
    if (this.whoDeltas) snapshot.whoDeltas = true;
    return snapshot;
  }

  /** Something a snapshot holds has changed. */
  changed(): void {
    if (this.dirty || !this.onChange) return;
    this.dirty = true;
    this.onChange(this);
  }

  get username(): string {
    return this._username;
  }
  set username(value: string) {
    if (value === this._username) return;
    this._username = value;
    this.changed();
  }
  get authenticated(): boolean {
    return this._authenticated;
  }
  set authenticated(value: boolean) {
    if (value === this._authenticated) return;
    this._authenticated = value;
    this.changed();
  }
  get status(): string {
    return this._status;
  }
  set status(value: string) {
    if (value === this._status) return;
    this._status = value;
    this.changed();
  }
  get video(): number {
    return this._video;
  }
  set video(value: number) {
    if (value === this._video) return;
    this._video = value;
    this.changed();
  }
  get dnd(): boolean {
    return this._dnd;
  }
  set dnd(value: boolean) {
    if (value === this._dnd) return;
    this._dnd = value;
    this.changed();
  }
  get claims(): Claims | undefined {
    return this._claims;
  }
  set claims(value: Claims | undefined) {
    if (value === this._claims) return;
    this._claims = value;
    this.changed();
  }
  /** Whether the claims came from a JWT at login (a takeover only applies to those). */
  get jwtLogin(): boolean {
    return this._jwtLogin;
  }
  set jwtLogin(value: boolean) {
    if (value === this._jwtLogin) return;
    this._jwtLogin = value;
    this.changed();
  }
  /** Unix seconds of the successful login; 0 while the connection has never logged in. */
  get loginAt(): number {
    return this._loginAt;
  }
  set loginAt(value: number) {
    if (value === this._loginAt) return;
    this._loginAt = value;
    this.changed();
  }
  /** Set by /unmute-all: an operator who cannot be blocked even with BlockableAdmins. */
  get unblockable(): boolean {
    return this._unblockable;
  }
  set unblockable(value: boolean) {
    if (value === this._unblockable) return;
    this._unblockable = value;
    this.changed();
  }

  /** Operator (the original's "admin"; the fork's "everyone is admin" is a bug we do not copy). */
  get isOp(): boolean {
    return this._claims?.op === true;
  }

  get isVIP(): boolean {
    return this._claims?.vip === true;
  }

  /** Visible in the who list, statistics and presence: logged in and not an operator in hidden mode. */
  get isVisible(): boolean {
    return this._authenticated && this._status !== 'hidden';
  }

  get label(): string {
    return this._username ? `${this._username}#${this.id}` : `#${this.id}`;
  }
}
