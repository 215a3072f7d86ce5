import type { Context } from 'hono';

/**
 * The client's address for log lines. Proxy headers are trusted only with UseXForwardedFor,
 * and then only the first X-Forwarded-For hop is used, never the whole header.
 */
export function clientAddress(c: Context, useForwardedFor: boolean, remoteAddress: (c: Context) => string): string {
  if (useForwardedFor) {
    const real = c.req.header('x-real-ip')?.trim();
    if (real) return real;
    const first = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (first) return first;
  }
  try {
    return remoteAddress(c);
  } catch {
    return '';
  }
}
