import type { Context, Hono } from 'hono';
import type * as v from 'valibot';
import { claimsUsername } from '../../core/claims.ts';
import type { Room } from '../../core/room.ts';
import type { DirectMessageHistory } from '../../store/history.ts';
import { apiError, readApiBody } from './request.ts';

export const JWT_UNAVAILABLE = 'JWT authentication is not available.';
export const HISTORY_DISABLED = 'database is not initialized';

export type CallerResult = { ok: true; username: string } | { ok: false; response: Response };

/**
 * The user behind a user-API call, from the chat JWT they send (`/api/profile`, `/api/message/*`).
 * `failure` is the endpoint's zero-valued error body.
 */
export async function verifyCaller(
  c: Context,
  room: Room,
  token: string,
  failure: Record<string, unknown>,
): Promise<CallerResult> {
  if (!room.settings.JWT.Enabled || !token) return { ok: false, response: apiError(c, 400, JWT_UNAVAILABLE, failure) };
  const verified = await room.auth.verify(token);
  if (!verified.ok) return { ok: false, response: apiError(c, 400, verified.error, failure) };
  return { ok: true, username: claimsUsername(verified.claims) };
}

/** Like `verifyCaller`, for the history APIs that also need the caller in the room now. */
export async function verifyOnlineCaller(
  c: Context,
  room: Room,
  token: string,
  failure: Record<string, unknown>,
): Promise<CallerResult> {
  const caller = await verifyCaller(c, room, token, failure);
  if (caller.ok && !room.findOnline(caller.username)) {
    return { ok: false, response: apiError(c, 400, 'You are not logged into the chat room.', failure) };
  }
  return caller;
}

type BodySchema = v.ObjectSchema<v.ObjectEntries, undefined>;

export interface HistoryEndpoint<S extends BodySchema> {
  path: string;
  schema: S;
  /** The endpoint's error body: `{OK:false, Error}` plus these zero-valued fields. */
  failure: Record<string, unknown>;
  /** Whose history the request is about, or the refusal. */
  authorize(c: Context, body: v.InferOutput<S>): Promise<CallerResult>;
  answer(c: Context, body: v.InferOutput<S>, username: string, history: DirectMessageHistory): Promise<Response>;
}

/**
 * One `/api/message/*` endpoint: the API preamble, the caller check, then the history query, with
 * "database is not initialized" when history is off and the driver's message on a database error.
 */
export function registerHistoryEndpoint<S extends BodySchema>(
  app: Hono,
  room: Room,
  history: DirectMessageHistory | undefined,
  endpoint: HistoryEndpoint<S>,
): void {
  const { path, schema, failure } = endpoint;
  app.all(path, async (c) => {
    const body = await readApiBody(c, schema, failure);
    if (!body.ok) return body.response;
    const caller = await endpoint.authorize(c, body.body);
    if (!caller.ok) return caller.response;
    if (!history) return apiError(c, 500, HISTORY_DISABLED, failure);
    try {
      return await endpoint.answer(c, body.body, caller.username, history);
    } catch (err) {
      room.logger.error(`${path}: ${String(err)}`);
      return apiError(c, 500, err instanceof Error ? err.message : String(err), failure);
    }
  });
}
