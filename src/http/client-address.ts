import type { Context } from 'hono';

/**
 * The client's address for log lines and limits. Proxy headers are trusted only with
 * UseXForwardedFor, and then only the first X-Forwarded-For hop is used, never the whole header.
 * `header` reads a request header; `socketAddress` is the peer's address as the runtime sees it.
 */
export function addressOf(
  header: (name: string) => string | undefined,
  useForwardedFor: boolean,
  socketAddress: () => string,
): string {
  if (useForwardedFor) {
    const real = header('x-real-ip')?.trim();
    if (real) return real;
    const first = header('x-forwarded-for')?.split(',')[0]?.trim();
    if (first) return first;
  }
  try {
    return socketAddress();
  } catch {
    return '';
  }
}

/** `addressOf` for a request Hono is handling. */
export function clientAddress(c: Context, useForwardedFor: boolean, remoteAddress: (c: Context) => string): string {
  return addressOf(
    (name) => c.req.header(name),
    useForwardedFor,
    () => remoteAddress(c),
  );
}
