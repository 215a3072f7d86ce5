import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** JSON the way the original writes it: two-space indent and a trailing newline. */
export function jsonResponse(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(body, null, 2) + '\n', status, { 'Content-Type': 'application/json' });
}
