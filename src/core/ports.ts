import type { Claims } from './claims.ts';

/** What the room needs from a connection; each runtime wraps its own socket in this. */
export interface Peer {
  /** Queue one text frame. */
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network, to spot clients that stopped reading. */
  bufferedAmount(): number;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Timers behind an interface so tests can drive time by hand. Returns a cancel function. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): () => void;
  setInterval(fn: () => void, ms: number): () => void;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
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
