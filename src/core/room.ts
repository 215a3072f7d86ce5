import type { Settings } from '../settings/schema.ts';
import { actions } from './actions/index.ts';
import { ReportContext } from './report-context.ts';
import { EchoBuffers } from './echo.ts';
import { LINK_SPAM_SWEEP_MS, LinkSpamTracker } from './link-spam.ts';
import { PollingSessions } from './polling.ts';
import { FloodGuard } from './rate-limit.ts';
import { SendWatchdog } from './send-watchdog.ts';
import { encode, errorMessage, parseFrame, type ServerMessage } from './protocol.ts';
import {
  systemClock,
  systemTimers,
  type Authenticator,
  type Clock,
  type ConversationLog,
  type DirectMessageStore,
  type ImageProcessor,
  type Fanout,
  type Lifecycle,
  type Logger,
  type Metrics,
  noMetrics,
  type Peer,
  type Timers,
  type Webhooks,
} from './ports.ts';
import { receivesBroadcast } from './relations.ts';
import { StoredMap, type RoomStateStore } from './room-state.ts';
import { Session, type SessionSnapshot } from './session.ts';
import { WatchedSet } from './lazy-set.ts';
import { WhoListPublisher, type WhoWindowState } from './who-list.ts';
import { jwtRules } from './claims.ts';
import { escapeHtml } from './markdown.ts';
import { BlocklistCache } from './blocklist-cache.ts';
import {
  CLOSE_SERVICE_RESTART,
  MAX_BACKLOG_FRAMES,
  MAX_BUFFERED_BYTES,
  PING_INTERVAL_MS,
  PRESENCE,
  SEND_CHECK_INTERVAL_MS,
  SLOW_DOWN,
} from './wire.ts';

export interface RoomOptions {
  settings: Settings;
  auth: Authenticator;
  logger: Logger;
  clock?: Clock;
  timers?: Timers;
  /** Uniform random number in [0, 1), for open secrets. */
  random?: () => number;
  /** Coalescing window for who-list updates (default: `burstWindow`); 0 publishes every change at once. */
  whoWindowMs?: (state: WhoWindowState) => number;
  webhooks?: Webhooks;
  /** DM history; undefined when DirectMessageHistory is disabled. */
  history?: DirectMessageStore;
  /** The highest msgID already in use (stored DMs of an earlier run); new ids start above it. */
  msgIDFloor?: number;
  lifecycle?: Lifecycle;
  /** Re-read the settings file (the /reconfigure command). */
  reloadSettings?: () => Promise<Settings>;
  /** Image re-encoding; undefined on a runtime without it, and then images are refused. */
  images?: ImageProcessor;
  /** `[Logging]` text logs; undefined where there is no file system. */
  conversationLog?: ConversationLog;
  /** The runtime's one-to-many send; logged-in peers join it. */
  fanout?: Fanout;
  /** Monitoring counters (none by default). */
  metrics?: Metrics;
  /**
   * Where room-wide state is written through so a rebuilt room finds it again (a Durable Object's
   * SQLite). With a store, sessions are persisted too: each change reaches `Peer.persist`.
   */
  state?: RoomStateStore;
  /**
   * Whether peers report their buffered bytes, so connections that stopped reading can be found
   * on a timer (WebSocketSendTimeout). Default true; a runtime whose sockets cannot tell says false.
   */
  measuresBuffering?: boolean;
}

/** Message ids are reserved in the state store this many at a time, so a rebuilt room never reuses one. */
export const MSG_ID_RESERVATION = 1000;

/**
 * The chat room: single owner of all room state. Runtimes hand it peers and frames; it answers
 * through the peers and never calls back into the runtime.
 */
export class Room {
  settings: Settings;
  readonly auth: Authenticator;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: () => number;
  readonly echo: EchoBuffers;
  readonly webhooks: Webhooks | undefined;
  readonly history: DirectMessageStore | undefined;
  readonly lifecycle: Lifecycle | undefined;
  readonly reloadSettings: (() => Promise<Settings>) | undefined;
  readonly images: ImageProcessor | undefined;
  readonly conversationLog: ConversationLog | undefined;
  readonly metrics: Metrics;
  readonly who: WhoListPublisher;
  /** Recent raw lines per channel and DM pair, for reports. */
  readonly reportContext: ReportContext;
  readonly linkSpam: LinkSpamTracker;
  readonly polling: PollingSessions;
  private readonly flood = new FloodGuard<Session>(() => this.settings.FloodLimits);
  private readonly sendWatchdog = new SendWatchdog<Session>();
  private readonly fanout: Fanout | undefined;
  /** username → expiry (ms since epoch). */
  readonly bans: Map<string, number>;
  /** Blocklists websites pre-cached with /api/blocklist, embedded in their users' chat pages. */
  readonly blocklists: BlocklistCache;
  private readonly all = new Set<Session>();
  /** Logged-in sessions by username; the single source of truth for "is X online". */
  private readonly online = new Map<string, Session>();
  /** Logged-in sessions whose peer joined the fanout; it is used only while that is all of them. */
  private readonly fanoutMembers = new Set<Session>();
  /** Bumped whenever the roster changes (login, logout, rename). */
  private rosterVersion = 0;
  private readonly filtersCache = { relations: -1, roster: -1, none: false };
  /** Set once the room is closing or a shutdown was requested: it is no longer ready for logins. */
  shuttingDown = false;
  private nextSessionId = 1;
  private lastMsgID: number;
  /**
   * The ping, link-spam sweep and send check run while anybody is connected: an empty room has
   * nothing for them to do, and a Durable Object that runs timers from its alarm is not woken for them.
   */
  private stopTimers: (() => void)[] | undefined;
  private stopConnectionCheck: (() => void) | undefined;
  private readonly measuresBuffering: boolean;
  private readonly state: RoomStateStore | undefined;
  /** The highest message id reserved in the state store. */
  private msgIDCeiling = 0;
  /** Sessions changed since they were last persisted (only with a state store). */
  private readonly dirty: Session[] = [];
  private readonly markDirty: ((session: Session) => void) | undefined;

  constructor(opts: RoomOptions) {
    this.settings = opts.settings;
    this.auth = opts.auth;
    this.logger = opts.logger;
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.random = opts.random ?? Math.random;
    this.webhooks = opts.webhooks;
    this.history = opts.history;
    this.lifecycle = opts.lifecycle;
    this.reloadSettings = opts.reloadSettings;
    this.images = opts.images;
    this.conversationLog = opts.conversationLog;
    this.fanout = opts.fanout;
    this.metrics = opts.metrics ?? noMetrics;
    const state = (this.state = opts.state);
    this.bans = new StoredMap<number>(state, 'ban:');
    this.blocklists = new BlocklistCache(undefined, state);
    this.reportContext = new ReportContext(state);
    this.msgIDCeiling = Number(state?.get('msgid') ?? 0);
    this.lastMsgID = Math.max(Math.floor(this.clock.now() / 1000), opts.msgIDFloor ?? 0, this.msgIDCeiling);
    if (state) {
      this.markDirty = (session) => {
        if (this.dirty.length === 0) queueMicrotask(() => this.persistSessions());
        this.dirty.push(session);
      };
    }
    this.echo = new EchoBuffers(() => this.settings.PublicChannels, state);
    this.who = new WhoListPublisher(
      {
        sessions: () => this.all,
        blockableAdmins: () => this.settings.BlockableAdmins,
        vipMutuallySecret: () => this.settings.VIP.MutuallySecret,
        deliver: (s, text) => {
          this.metrics.whoListsSent(1);
          this.deliver(s, text);
        },
        publishToAll: (text) => {
          const published = this.publishToAll(text);
          if (published) this.metrics.whoListsSent(this.online.size);
          return published;
        },
      },
      (fn, ms) => this.timers.setTimeout(fn, ms),
      () => this.clock.now(),
      opts.whoWindowMs,
    );
    this.linkSpam = new LinkSpamTracker(() => this.settings.DMLinkSpamProtection, state);
    this.measuresBuffering = opts.measuresBuffering !== false;
    this.polling = new PollingSessions(this, state);
  }

  /** Apply reloaded settings (the /reconfigure command). */
  configure(settings: Settings): void {
    this.settings = settings;
  }

  // ---- connections -------------------------------------------------------------------------

  connect(peer: Peer, transport: Session['transport'] = 'websocket', address = ''): Session {
    const session = new Session(this.nextSessionId++, peer, transport, address, this.clock.now());
    this.add(session);
    session.changed();
    this.logger.debug(`connect ${session.label} via ${transport} from ${address}`);
    return session;
  }

  /**
   * Rebuild a session from its snapshot on a peer that stayed connected while the room was gone
   * (a Durable Object woke from hibernation): silently, with no presence, who list or echo, as
   * if the room had never left.
   */
  restore(peer: Peer, snapshot: SessionSnapshot): Session {
    const session = Session.fromSnapshot(snapshot, peer);
    this.nextSessionId = Math.max(this.nextSessionId, session.id + 1);
    this.add(session);
    if (session.authenticated) {
      if (this.online.has(session.username)) session.authenticated = false;
      else this.enterRoster(session);
    }
    return session;
  }

  private add(session: Session): void {
    session.onChange = this.markDirty;
    this.all.add(session);
    this.stopTimers ??= this.startTimers();
    this.watchConnections();
  }

  private startTimers(): (() => void)[] {
    const { timers } = this;
    const stops = [
      timers.setInterval(() => this.pingAll(), PING_INTERVAL_MS, 'ping'),
      timers.setInterval(() => this.linkSpam.sweep(this.clock.now()), LINK_SPAM_SWEEP_MS, 'link-spam-sweep'),
    ];
    return stops;
  }

  private stopAllTimers(): void {
    for (const stop of this.stopTimers ?? []) stop();
    this.stopTimers = undefined;
    this.stopConnectionCheck?.();
    this.stopConnectionCheck = undefined;
  }

  /**
   * Run the one-second connection check (checkConnections) while it has something to find: always
   * where peers report their buffered bytes; elsewhere (a Durable Object, which must not be woken
   * every second) only while a WebSocket has not logged in yet, for the login timeout.
   */
  private watchConnections(): void {
    const needed = this.all.size > 0 && (this.measuresBuffering || this.awaitingLogin());
    if (needed) {
      this.stopConnectionCheck ??= this.timers.setInterval(
        () => this.checkConnections(),
        SEND_CHECK_INTERVAL_MS,
        'connection-check',
      );
    } else if (this.stopConnectionCheck) {
      this.stopConnectionCheck();
      this.stopConnectionCheck = undefined;
    }
  }

  private awaitingLogin(): boolean {
    for (const s of this.all) if (s.transport === 'websocket' && s.loginAt === 0) return true;
    return false;
  }

  /** Hand every changed session's snapshot to its peer (runs once after the changes of a turn). */
  persistSessions(): void {
    for (const session of this.dirty.splice(0)) {
      session.dirty = false;
      if (!session.closed) session.peer.persist?.(session.snapshot());
    }
  }

  /**
   * One incoming text frame. Frames of one session are handled strictly in order; the promise
   * settles once this frame has been handled (the polling transport waits for it).
   */
  receive(session: Session, text: string): Promise<void> {
    if (session.closed) return Promise.resolve();
    if (session.busy) {
      // Frames pile up here only behind a slow handler; a flood of them is refused, not stored.
      const queuedChars = session.backlog.reduce((n, f) => n + f.text.length, 0);
      if (session.backlog.length >= MAX_BACKLOG_FRAMES || queuedChars + text.length > this.settings.WebSocketReadLimit) {
        this.sendTo(session, errorMessage(SLOW_DOWN));
        return Promise.resolve();
      }
      return new Promise((done) => session.backlog.push({ text, done }));
    }
    return this.handle(session, text);
  }

  private handle(session: Session, text: string): Promise<void> {
    const pending = this.dispatch(session, text);
    if (!pending) return Promise.resolve();
    session.busy = true;
    return pending
      .catch((err: unknown) => this.logger.error(`handler failed for ${session.label}: ${String(err)}`))
      .finally(() => {
        session.busy = false;
        this.drainBacklog(session);
      });
  }

  /** Handle waiting frames in order until one of them is slow again. */
  private drainBacklog(session: Session): void {
    while (!session.busy && !session.closed) {
      const next = session.backlog.shift();
      if (!next) return;
      void this.handle(session, next.text).then(next.done);
    }
  }

  private dispatch(session: Session, text: string): Promise<void> | void {
    if (session.closed) return;
    const frame = parseFrame(text);
    const action = frame.ok ? frame.message.action : undefined;
    this.metrics.received(action === undefined ? 'invalid' : Object.hasOwn(actions, action) ? action : 'unknown');
    const flood = this.flood.check(session, frame.ok ? frame.message.action : undefined, this.clock.now());
    if (flood !== 'ok') {
      if (flood === 'warn') this.sendTo(session, errorMessage(SLOW_DOWN));
      return;
    }
    if (!frame.ok) return this.sendTo(session, errorMessage(frame.error));
    const msg = frame.message;
    const handler = Object.hasOwn(actions, msg.action) ? actions[msg.action] : undefined;
    if (!handler) {
      return this.sendTo(session, errorMessage(`Unsupported message type: ${escapeHtml(msg.action)}`));
    }
    try {
      return handler(this, session, msg);
    } catch (err) {
      this.logger.error(`${msg.action} from ${session.label} failed: ${(err as Error).stack ?? String(err)}`);
      this.sendTo(session, errorMessage('Internal server error handling that message.'));
    }
  }

  /** The socket went away (closed by the peer, a read error, or we closed it; `presence` says which to others). */
  disconnect(session: Session, presence: string = PRESENCE.exited): void {
    if (session.closed) return;
    session.closed = true;
    for (const frame of session.backlog.splice(0)) frame.done();
    this.all.delete(session);
    if (this.all.size === 0) this.stopAllTimers();
    const wasVisible = session.isVisible;
    if (session.authenticated) this.logout(session);
    this.metrics.disconnected(session.removedFor ?? (presence === PRESENCE.timedOut ? 'timed_out' : 'closed'));
    this.logger.debug(`disconnect ${session.label}`);
    if (wasVisible) {
      this.presence(session.username, presence);
      this.whoChanged();
    }
  }

  // ---- roster -----------------------------------------------------------------------------

  findOnline(username: string): Session | undefined {
    return this.online.get(username);
  }

  onlineSessions(): IterableIterator<Session> {
    return this.online.values();
  }

  /** All connected sessions, logged in or not. */
  connections(): ReadonlySet<Session> {
    return this.all;
  }

  /** Mark a session logged in under `username` (the name must be free). */
  login(session: Session, username: string): void {
    session.username = username;
    session.authenticated = true;
    session.loginAt = Math.floor(this.clock.now() / 1000);
    session.removedFor = undefined;
    this.enterRoster(session);
  }

  private enterRoster(session: Session): void {
    this.online.set(session.username, session);
    this.rosterVersion++;
    if (this.fanout && session.peer.joinFanout) {
      session.peer.joinFanout();
      this.fanoutMembers.add(session);
      this.sendWatchdog.joined(session);
    }
  }

  /** Take a session out of the roster, leaving its socket open (kick, takeover, disconnect-now). */
  logout(session: Session): void {
    if (this.online.get(session.username) === session) this.online.delete(session.username);
    this.rosterVersion++;
    if (this.fanoutMembers.delete(session)) {
      session.peer.leaveFanout?.();
      this.sendWatchdog.left(session);
    }
    session.authenticated = false;
    session.lastWho = undefined;
    session.whoView = undefined;
  }

  /** Forget the session's name too, as the original does for kicks and takeovers. */
  signOut(session: Session): void {
    this.logout(session);
    session.username = '';
  }

  /**
   * Remove a user from the room (docs/protocol.md#kicks): presence to all, the reason and `disconnect` to
   * them, then they are signed out with their socket left open for the client to close.
   */
  kick(target: Session, reason: string, banned = false): void {
    this.remove(target, banned ? PRESENCE.banned : PRESENCE.kicked, reason);
  }

  /** The removal behind kicks and the disconnect API: `presence` to all, the optional reason, then `disconnect`. */
  remove(target: Session, presence: string, reason = ''): void {
    target.removedFor = presence === PRESENCE.banned ? 'banned' : 'kicked';
    this.presence(target.username, presence);
    if (reason) this.sendTo(target, errorMessage(reason));
    this.sendTo(target, { action: 'disconnect' });
    this.signOut(target);
    this.whoChanged();
  }

  /** Give an online session another name (the name must be free). */
  rename(session: Session, username: string): void {
    if (this.online.get(session.username) === session) this.online.delete(session.username);
    session.username = username;
    this.online.set(username, session);
    this.rosterVersion++;
  }

  whoChanged(): void {
    this.who.changed(this.online.size);
  }

  nextMsgID(): number {
    const id = ++this.lastMsgID;
    if (this.state && id > this.msgIDCeiling) {
      this.msgIDCeiling = id + MSG_ID_RESERVATION;
      this.state.put('msgid', String(this.msgIDCeiling));
    }
    return id;
  }

  // ---- sending ----------------------------------------------------------------------------

  /** Tell a user their own name and camera flags (login, and whenever the server changed the flags). */
  sendMe(session: Session): void {
    this.sendTo(session, { action: 'me', username: session.username, video: session.video });
  }

  sendTo(session: Session, msg: ServerMessage): void {
    this.deliver(session, encode(msg));
  }

  /** Send an already-serialized frame; a client that stopped reading is cut off. */
  deliver(session: Session, text: string): void {
    if (this.write(session, text)) this.metrics.sent(text, 1);
  }

  /** `deliver` without counting it: true when the frame was queued (a broadcast counts its recipients once). */
  private write(session: Session, text: string): boolean {
    if (session.closed) return false;
    if (session.peer.bufferedAmount() > MAX_BUFFERED_BYTES) {
      this.logger.warn(`${session.label} is not reading its messages; disconnecting`, {
        username: session.username,
        address: session.address,
      });
      session.removedFor = 'slow';
      this.drop(session);
      return false;
    }
    try {
      session.peer.send(text);
      this.sendWatchdog.sent(session, text.length);
      return true;
    } catch (err) {
      this.logger.warn(`send to ${session.label} failed: ${String(err)}`);
      this.drop(session);
      return false;
    }
  }

  /**
   * Close a peer from our side and run the normal disconnect path. Without `polite`, it is cut off
   * at once: a peer that cannot take more data would never read a close frame queued behind it.
   */
  private drop(session: Session, polite?: { code: number; reason: string }): void {
    try {
      if (polite) session.peer.close(polite.code, polite.reason);
      else session.peer.terminate();
    } catch {
      // the socket is already gone; the disconnect below is what matters
    }
    this.disconnect(session);
  }

  /**
   * Send to every logged-in session that may see it (docs/protocol.md#who-receives-a-broadcast), serializing once.
   * `from` names the user the message is about; `channel` makes VIP channels VIP-only.
   */
  broadcast(msg: ServerMessage, from?: string, channel?: string): void {
    const text = encode(msg);
    const sender = from ? this.online.get(from) : undefined;
    const vip = channel ? this.isVipChannel(channel) : false;
    const blockable = this.settings.BlockableAdmins;
    if (this.canPublish(from, sender, vip, blockable)) return this.publish(text);
    // No copy of the roster: a recipient dropped mid-loop leaves the map, which iteration tolerates.
    let recipients = 0;
    for (const r of this.online.values()) {
      if (receivesBroadcast(r, from, sender, vip, blockable) && this.write(r, text)) recipients++;
    }
    this.metrics.sent(text, recipients);
  }

  /** Send one frame to every logged-in session through the fanout; false when it cannot be used. */
  publishToAll(text: string): boolean {
    if (!this.canPublish(undefined, undefined, false, false)) return false;
    this.publish(text);
    return true;
  }

  private publish(text: string): void {
    this.fanout!.publish(text);
    this.sendWatchdog.published(text.length);
    this.metrics.sent(text, this.online.size);
  }

  /**
   * The fanout may carry a frame when every logged-in session joined it and every one of them is
   * meant to get the frame. Whether anyone mutes or blocks anyone is cached, so a crowd's
   * presence lines do not each scan the whole room. Clients that stopped reading are cut off by
   * `deliver` and, for what the fanout carries, by the check every second (`checkConnections`).
   */
  private canPublish(from: string | undefined, sender: Session | undefined, vip: boolean, blockable: boolean): boolean {
    if (!this.fanout || this.fanoutMembers.size !== this.online.size || this.online.size === 0) return false;
    if (!vip && (from === undefined || this.nobodyFilters())) return true;
    for (const r of this.online.values()) if (!receivesBroadcast(r, from, sender, vip, blockable)) return false;
    return true;
  }

  /** No logged-in session mutes or blocks anyone, so every broadcast that is not VIP-only reaches all. */
  private nobodyFilters(): boolean {
    const cache = this.filtersCache;
    if (cache.relations !== WatchedSet.version || cache.roster !== this.rosterVersion) {
      cache.relations = WatchedSet.version;
      cache.roster = this.rosterVersion;
      cache.none = true;
      for (const r of this.online.values()) if (r.muted.size || r.blocked.size) cache.none = false;
    }
    return cache.none;
  }

  presence(username: string, message: string): void {
    this.broadcast({ action: 'presence', username, message }, username);
  }

  isVipChannel(channel: string): boolean {
    return this.settings.PublicChannels.some((c) => c.ID === channel && c.VIP);
  }

  /** Polling sessions are pinged when they poll (see PollingSessions). Settles once every ping went out. */
  private pingAll(): Promise<unknown> {
    const pings: Promise<void>[] = [];
    for (const s of [...this.all]) if (s.transport === 'websocket') pings.push(this.ping(s));
    return Promise.all(pings);
  }

  /**
   * WebSocketSendTimeout: a connection whose queued data has not drained for that long is cut off,
   * and so is one past the buffer bound.
   * WebSocketLoginTimeout: one that has not logged in that long after opening is closed, so idle
   * connections cannot pile up.
   */
  private checkConnections(): void {
    const now = this.clock.now();
    const { WebSocketSendTimeout, WebSocketLoginTimeout } = this.settings;
    for (const s of [...this.all]) {
      if (s.transport !== 'websocket') continue;
      const buffered = s.peer.bufferedAmount();
      // Frames published through the fanout are not checked against the bound one by one.
      if (buffered > MAX_BUFFERED_BYTES) {
        this.logger.warn(`${s.label} is not reading its messages; disconnecting`);
        s.removedFor = 'slow';
        this.drop(s);
      } else if (this.sendWatchdog.stuck(s, buffered, now, WebSocketSendTimeout * 1000)) {
        this.logger.warn(`${s.label} has not read its messages for ${WebSocketSendTimeout}s; disconnecting`);
        s.removedFor = 'slow';
        this.drop(s);
      } else if (s.loginAt === 0 && !s.busy && now - s.connectedAt > WebSocketLoginTimeout * 1000) {
        this.logger.info(`${s.label} did not log in within ${WebSocketLoginTimeout}s; closing`);
        this.sendTo(s, errorMessage(`You did not log in within ${WebSocketLoginTimeout} seconds.`));
        s.removedFor = 'timed_out';
        this.drop(s, { code: 1008, reason: 'login timeout' });
      }
    }
    this.watchConnections();
  }

  /** Keep-alive; JWT users also get a freshly signed token and their rules. */
  async ping(session: Session): Promise<void> {
    if (!session.claims) return this.sendTo(session, { action: 'ping' });
    let jwt: string | undefined;
    try {
      jwt = await this.auth.sign(session.claims);
    } catch (err) {
      this.logger.debug(`could not re-sign a token for ${session.label}: ${String(err)}`);
    }
    this.sendTo(session, jwt ? { action: 'ping', jwt, jwtRules: jwtRules(session.claims) } : { action: 'ping' });
  }

  // ---- reporting --------------------------------------------------------------------------

  /** Who is here, for /api/statistics: visible logged-in users only. */
  statistics(): { UserCount: number; Usernames: string[]; Cameras: { Blue: number; Red: number } } {
    let count = 0;
    const names = new Map<string, number>();
    for (const s of this.online.values()) {
      if (!s.isVisible) continue;
      count++;
      if (!names.has(s.username)) names.set(s.username, s.video);
    }
    const cameras = { Blue: 0, Red: 0 };
    for (const video of names.values()) {
      if (!(video & 1)) continue;
      if (video & 2) cameras.Red++;
      else cameras.Blue++;
    }
    return { UserCount: count, Usernames: [...names.keys()], Cameras: cameras };
  }

  /** Stop timers and close every socket (server stop or restart). */
  close(code = CLOSE_SERVICE_RESTART, reason = 'service restart'): void {
    this.shuttingDown = true;
    this.stopAllTimers();
    this.polling.stop();
    this.who.stop();
    for (const s of [...this.all]) {
      s.closed = true;
      try {
        s.peer.close(code, reason);
      } catch {
        // already closed
      }
    }
    this.all.clear();
    this.online.clear();
  }
}
