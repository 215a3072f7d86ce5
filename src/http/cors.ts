import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * CORS for the websites listed in `CORSHosts` (exact origin match), preflight included. Any other
 * origin gets no CORS headers at all, not even on a preflight, so its browser refuses the call.
 */
export function corsForHosts(hosts: () => string[]): MiddlewareHandler {
  const allowed = cors({
    origin: (origin) => origin,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type'],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin && hosts().includes(origin)) return allowed(c, next);
    // Whether CORS headers appear depends on the origin: caches must not mix the two answers.
    // Set before the handler builds its response, so Node's server keeps its fast path.
    c.header('Vary', 'Origin', { append: true });
    await next();
  };
}
