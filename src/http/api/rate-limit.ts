import type { Context, MiddlewareHandler } from 'hono';
import type { Settings } from '../../settings/schema.ts';
import { clientAddress } from '../client-address.ts';
import { apiError } from './request.ts';

/** Failed API-key attempts one client address may make per window before it is refused. */
export const FAILED_KEY_LIMIT = 10;
export const FAILED_KEY_WINDOW_MS = 60_000;

export interface FailedKeyLimitOptions {
  settings: () => Settings;
  remoteAddress: (c: Context) => string;
}

/**
 * Guards for the admin endpoints: only answers of 401 count against the caller's address, shared
 * across every endpoint, and past the limit the caller gets 429 in the endpoint's reply shape
 * (`failure`) until the window ends. The failure is counted after the answer is known (the
 * library's own middleware counts every request while it is in flight and takes it back on
 * success, which refuses bursts of valid concurrent calls), so only a windowed count is kept.
 */
export type FailedKeyGuard = (failure: Record<string, unknown>) => MiddlewareHandler;

export function failedKeyLimiter(opts: FailedKeyLimitOptions): FailedKeyGuard {
  const store = new FailureWindows(FAILED_KEY_WINDOW_MS);
  return (failure) => async (c, next) => {
    const key = clientAddress(c, opts.settings().UseXForwardedFor, opts.remoteAddress);
    if (store.hits(key) >= FAILED_KEY_LIMIT) {
      c.header('Retry-After', String(FAILED_KEY_WINDOW_MS / 1000));
      return apiError(c, 429, 'Too many failed API key attempts from your address; try again in a minute.', failure);
    }
    await next();
    if (c.res.status === 401) store.increment(key);
  };
}

/**
 * Failures per key in a window that starts with the key's first failure. No timer: expired windows
 * are dropped when read or swept on the way, so nothing keeps a process (or a Durable Object that
 * wants to hibernate) awake.
 */
class FailureWindows {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  hits(key: string): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    if (w.resetAt > this.now()) return w.hits;
    this.windows.delete(key);
    return 0;
  }

  increment(key: string): void {
    const now = this.now();
    const w = this.windows.get(key);
    if (w && w.resetAt > now) {
      w.hits++;
      return;
    }
    // Windows are created in time order, so the expired ones are at the front.
    for (const [k, old] of this.windows) {
      if (old.resetAt > now) break;
      this.windows.delete(k);
    }
    this.windows.delete(key);
    this.windows.set(key, { hits: 1, resetAt: now + this.windowMs });
  }
}
