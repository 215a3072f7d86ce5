import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';
import { jsonResponse } from '../json.ts';

/** JSON API bodies larger than this are refused (the admin API carries names and tokens, not files). */
export const MAX_API_BODY_BYTES = 1024 * 1024;

/** How far past its limit a body with a declared length is still read (and dropped) before the 413. */
const DISCARD_BYTES = 8 * 1024 * 1024;

export type ApiResult<T> = { ok: true; body: T } | { ok: false; response: Response };

/**
 * The shared preamble of every POST API endpoint: POST only, a JSON content type (parameters such
 * as charset allowed), a bounded body, keys matched case-insensitively like Go's decoder, then the
 * endpoint's valibot schema. `failure` is the endpoint's result object for error replies
 * (`{OK:false, Error, ...zero fields}`), so every error keeps the endpoint's response shape.
 */
export async function readApiBody<S extends v.ObjectSchema<v.ObjectEntries, undefined>>(
  c: Context,
  schema: S,
  failure: Record<string, unknown> = {},
): Promise<ApiResult<v.InferOutput<S>>> {
  const body = await decodeJsonBody(c, schema, MAX_API_BODY_BYTES);
  return body.ok ? body : { ok: false, response: apiError(c, body.status, body.error, failure) };
}

export type DecodedBody<T> = { ok: true; body: T } | { ok: false; status: ContentfulStatusCode; error: string };

/**
 * POST only, a JSON content type (parameters such as charset allowed), at most `limit` bytes,
 * keys matched case-insensitively like Go's decoder, then the valibot schema. Shared by the API
 * endpoints and `/poll`, which wrap the error in their own response shapes.
 */
export async function decodeJsonBody<S extends v.ObjectSchema<v.ObjectEntries, undefined>>(
  c: Context,
  schema: S,
  limit: number,
): Promise<DecodedBody<v.InferOutput<S>>> {
  const fail = (status: ContentfulStatusCode, error: string) => ({ ok: false, status, error }) as const;
  if (c.req.method !== 'POST') return fail(400, 'Only POST methods allowed');
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return fail(400, 'Only application/json content-types allowed');
  const tooLarge = () => {
    // The rest of the body stays unread: a client must not send its next request on this connection.
    c.header('Connection', 'close');
    return fail(413, `Request body is too large (limit ${limit} bytes)`);
  };
  const length = c.req.header('content-length');
  const declaredBytes = Number(length ?? '0');
  if (declaredBytes > limit) {
    // A client still sending what it declared would see the connection closed under it and lose
    // the 413; a body not far past the limit is read and dropped, so the answer arrives and the
    // connection stays usable. Past that, reading it would cost more than the client deserves.
    if (declaredBytes > limit + DISCARD_BYTES || c.req.header('transfer-encoding') !== undefined) return tooLarge();
    try {
      await discard(c.req.raw);
    } catch {
      return tooLarge();
    }
    return fail(413, `Request body is too large (limit ${limit} bytes)`);
  }

  let text: string;
  try {
    // A declared length is enforced by the runtime's HTTP parser, so the body can be read whole
    // (on Node without building a web stream); a chunked body is counted as it arrives, even if
    // a runtime let a Content-Length through beside it.
    const declared = length !== undefined && c.req.header('transfer-encoding') === undefined;
    const read = declared ? await c.req.raw.text() : await readLimited(c.req.raw, limit);
    if (read === undefined) return tooLarge();
    text = read;
  } catch (err) {
    return fail(400, `Could not read the request body: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail(400, text.trim() ? `Invalid JSON: ${(err as Error).message}` : 'Request body is empty (expected a JSON object)');
  }
  if (json === null) json = {};
  if (typeof json !== 'object' || Array.isArray(json)) return fail(400, 'Request body must be a JSON object');

  const result = v.safeParse(schema, matchKeys(json as Record<string, unknown>, keysOf(schema)));
  if (!result.success) {
    const issue = result.issues[0];
    const key = v.getDotPath(issue) ?? 'body';
    return fail(400, `Invalid field ${key}: expected ${issue.expected ?? 'another value'}, got ${issue.received}`);
  }
  return { ok: true, body: result.output };
}

/**
 * `{OK:false, Error}` plus the endpoint's other fields at their zero values. `Error` follows `OK`
 * unless the template lists it where the endpoint's reply has it (`{Removed: 0, Error: ''}`).
 */
export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  error: string,
  failure: Record<string, unknown> = {},
): Response {
  return jsonResponse(c, { OK: false, ...('Error' in failure ? failure : { Error: '', ...failure }), Error: error }, status);
}

/** A schema's keys, exact and by lower case; built once per schema, not per request. */
interface SchemaKeys {
  exact: Set<string>;
  byLower: Map<string, string>;
}
const schemaKeys = new WeakMap<object, SchemaKeys>();

function keysOf(schema: v.ObjectSchema<v.ObjectEntries, undefined>): SchemaKeys {
  let keys = schemaKeys.get(schema);
  if (!keys) {
    const known = Object.keys(schema.entries);
    keys = { exact: new Set(known), byLower: new Map(known.map((k) => [k.toLowerCase(), k])) };
    schemaKeys.set(schema, keys);
  }
  return keys;
}

/** Go's encoding/json binds keys case-insensitively (`apikey` fills `APIKey`); websites rely on it. */
function matchKeys(body: Record<string, unknown>, { exact, byLower }: SchemaKeys): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const canonical = exact.has(key) ? key : byLower.get(key.toLowerCase());
    if (canonical && !(canonical in out && canonical !== key)) out[canonical] = value;
  }
  return out;
}

/** The body as text, or undefined once it passes `limit` bytes (the rest is not read). */
async function discard(req: Request): Promise<void> {
  const reader = req.body?.getReader();
  if (!reader) return;
  while (!(await reader.read()).done) {
    // dropped as it arrives; the runtime holds the declared length to what was declared
  }
}

async function readLimited(req: Request, limit: number): Promise<string | undefined> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}
