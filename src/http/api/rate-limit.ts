import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, rateLimiter } from 'hono-rate-limiter';
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
 * (`failure`) until the window ends.
 */
export function failedKeyLimiter(opts: FailedKeyLimitOptions): (failure: Record<string, unknown>) => MiddlewareHandler {
  const store = new MemoryStore();
  return (failure) =>
    rateLimiter({
      windowMs: FAILED_KEY_WINDOW_MS,
      limit: FAILED_KEY_LIMIT,
      store,
      // The counters count failures only, so RateLimit-* headers on successes would mislead.
      standardHeaders: false,
      keyGenerator: (c) => clientAddress(c, opts.settings().UseXForwardedFor, opts.remoteAddress),
      skipSuccessfulRequests: true,
      requestWasSuccessful: (c) => c.res.status !== 401,
      handler: (c) => {
        c.header('Retry-After', String(FAILED_KEY_WINDOW_MS / 1000));
        return apiError(c, 429, 'Too many failed API key attempts from your address; try again in a minute.', failure);
      },
    });
}
