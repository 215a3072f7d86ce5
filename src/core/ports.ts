import type { Claims } from './claims.ts';
import type { ImageType } from './images.ts';
import type { SessionSnapshot } from './session.ts';

/** What the room needs from a connection; each runtime wraps its own socket in this. */
export interface Peer {
  /** Queue one text frame. */
  send(text: string): void;
  /** Close politely: the close frame queues behind any unsent data. */
  close(code: number, reason: string): void;
  /**
   * Cut the connection now, dropping whatever is still queued. For clients that stopped reading:
   * they would never read a polite close frame either, and the socket and its queue would linger.
   */
  terminate(): void;
  /** Bytes queued but not yet written to the network, to spot clients that stopped reading. */
  bufferedAmount(): number;
  /** Join or leave the runtime's Fanout (absent when the runtime has none). */
  joinFanout?(): void;
  leaveFanout?(): void;
  /**
   * Keep the session's state with the connection, where the room persists sessions (a Durable
   * Object writes it to the socket's attachment); called after the session changed.
   */
  persist?(snapshot: SessionSnapshot): void;
}

/**
 * A runtime's one-to-many send: one call puts a frame on the socket of every peer that joined,
 * encoded and framed once (Bun's native publish; on Node one buffer for every socket).
 */
export interface Fanout {
  publish(text: string): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/**
 * Timers behind an interface so tests can drive time by hand. Returns a cancel function.
 * Intervals are named: a runtime that must not stay awake for them (a Durable Object) runs them
 * from a stored schedule, where a task's name finds its next due time again after a restart. A
 * task may return a promise, which such a runtime waits for.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): () => void;
  setInterval(fn: () => unknown, ms: number, name: string): () => void;
}

/** Structured context for a log line (username, address, route, ...), kept apart from the text for log shippers. */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type VerifyResult = { ok: true; claims: Claims } | { ok: false; error: string };

export interface Authenticator {
  verify(token: string): Promise<VerifyResult>;
  sign(claims: Claims): Promise<string>;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemTimers: Timers = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
  setInterval(fn, ms) {
    const handle = setInterval(fn, ms);
    return () => clearInterval(handle);
  },
};

export interface WebhookResult {
  /** HTTP 200 exactly; anything else (or a network error) is a failure. */
  ok: boolean;
  status: number;
  body: string;
  error?: string;
}

/** The website's webhooks (`[[WebhookURLs]]`): `report` and `profile`. */
export interface Webhooks {
  /** Whether the first webhook with this name is configured and enabled. */
  enabled(name: string): boolean;
  post(name: string, payload: unknown): Promise<WebhookResult>;
}

export interface StoredDirectMessage {
  msgID: number;
  /** `@a:@b` with the two usernames in byte order. */
  channelID: string;
  username: string;
  message: string;
  /** Unix seconds. */
  timestamp: number;
}

/** Direct-message history; absent when DirectMessageHistory is disabled. */
export interface DirectMessageStore {
  /** Resolves once the message is durably stored; rejects on a database error. */
  add(dm: StoredDirectMessage): Promise<void>;
  /** Delete one stored message; with `sender`, only if that user sent it. Resolves whether a row matched. */
  remove(msgID: number, sender?: string): Promise<boolean>;
}

/** Process control for /shutdown and the shutdown API: the runtime decides how to exit. */
export interface Lifecycle {
  exit(code: number): void;
  /**
   * Exit with `code` after `ms`, and make sure the process ends soon after even if the event
   * loop is stuck by then (the shutdown API doubles as deadlock recovery for supervisors).
   */
  exitLater(code: number, ms: number): void;
}

export interface ProcessedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** Re-encodes shared images; absent on a runtime that cannot, and then the room refuses images. */
export interface ImageProcessor {
  /**
   * Decode (honouring EXIF orientation), shrink so the longest side is at most `maxSide`, and
   * re-encode as `type` without any metadata (GIFs keep their animation). Rejects when the bytes
   * are not an image it can decode.
   */
  process(bytes: Uint8Array, type: ImageType, maxSide: number): Promise<ProcessedImage>;
}

/** Plain-text conversation logs (`[Logging]`): appends lines to files under the configured folder. */
export interface ConversationLog {
  /** Append `line` to the file at `path` (segments below the log folder), creating folders as needed. */
  append(path: string[], line: string): void;
}

/** Why a connection left the room, for the disconnect counter. */
export type DisconnectReason = 'closed' | 'kicked' | 'banned' | 'slow' | 'timed_out' | 'flood';

/**
 * Counting for monitoring. Called on the room's hot paths, so an implementation keeps each call to
 * a few additions on counters it bound beforehand (no allocation per message); gauges such as
 * connections and users are read from the room when scraped, not counted here.
 */
export interface Metrics {
  /** One frame arrived: its action when the room has a handler for it, else `unknown` or `invalid`. */
  received(action: string): void;
  /** `text` went to `recipients` peers (a fan-out sends one frame to many). */
  sent(text: string, recipients: number): void;
  /** Who lists delivered (one per viewer). */
  whoListsSent(count: number): void;
  disconnected(reason: DisconnectReason): void;
  /** One DM written to the history store, in seconds. */
  dmStored(seconds: number): void;
  /** One HTTP request answered: the matched route pattern, the status and how long it took. */
  httpRequest(route: string, status: number, seconds: number): void;
}

/** Counts nothing: the room's default, and what a runtime without monitoring passes. */
export const noMetrics: Metrics = {
  received() {},
  sent() {},
  whoListsSent() {},
  disconnected() {},
  dmStored() {},
  httpRequest() {},
};
