import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore } from 'hono-rate-limiter';
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
 * success, which refuses bursts of valid concurrent calls), so we use only its windowed store.
 */
export type FailedKeyGuard = (failure: Record<string, unknown>) => MiddlewareHandler;

export function failedKeyLimiter(opts: FailedKeyLimitOptions): FailedKeyGuard {
  const store = new MemoryStore();
  store.init({ windowMs: FAILED_KEY_WINDOW_MS } as Parameters<MemoryStore['init']>[0]);
  return (failure) => async (c, next) => {
    const key = clientAddress(c, opts.settings().UseXForwardedFor, opts.remoteAddress);
    if ((store.get(key)?.totalHits ?? 0) >= FAILED_KEY_LIMIT) {
      c.header('Retry-After', String(FAILED_KEY_WINDOW_MS / 1000));
      return apiError(c, 429, 'Too many failed API key attempts from your address; try again in a minute.', failure);
    }
    await next();
    if (c.res.status === 401) store.increment(key);
  };
}
