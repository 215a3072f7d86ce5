import type { Context } from 'hono';
import type { Room } from '../../core/room.ts';
import { apiError } from './request.ts';

export const JWT_UNAVAILABLE = 'JWT authentication is not available.';
export const HISTORY_DISABLED = 'database is not initialized';

export type CallerResult = { ok: true; username: string } | { ok: false; response: Response };

/**
 * The user behind a user-API call, from the chat JWT they send (`/api/profile`, `/api/message/*`).
 * `failure` is the endpoint's zero-valued error body.
 */
export async function verifyCaller(c: Context, room: Room, token: string, failure: Record<string, unknown>): Promise<CallerResult> {
  if (!room.settings.JWT.Enabled || !token) return { ok: false, response: apiError(c, 400, JWT_UNAVAILABLE, failure) };
  const verified = await room.auth.verify(token);
  if (!verified.ok) return { ok: false, response: apiError(c, 400, verified.error, failure) };
  return { ok: true, username: verified.claims.sub ?? '' };
}

/** Like `verifyCaller`, for the history APIs that also need the caller in the room now. */
export async function verifyOnlineCaller(c: Context, room: Room, token: string, failure: Record<string, unknown>): Promise<CallerResult> {
  const caller = await verifyCaller(c, room, token, failure);
  if (caller.ok && !room.findOnline(caller.username)) {
    return { ok: false, response: apiError(c, 400, 'You are not logged into the chat room.', failure) };
  }
  return caller;
}

/** A database error behind a history API: logged, and answered with the driver's message. */
export function historyFailure(c: Context, room: Room, err: unknown, failure: Record<string, unknown>): Response {
  room.logger.error(`${c.req.path}: ${String(err)}`);
  return apiError(c, 500, err instanceof Error ? err.message : String(err), failure);
}
