import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import { apiKeyMatches, AUTH_DENIED } from '../../auth/api-key.ts';
import type { Room } from '../../core/room.ts';
import type { DirectMessageHistory } from '../../store/history.ts';
import { jsonResponse } from '../json.ts';
import { apiError } from './request.ts';
import { registerHistoryEndpoint, verifyCaller, type CallerResult } from './user-api.ts';

const Body = v.object({
  JWTToken: v.optional(v.string(), ''),
  APIKey: v.optional(v.string(), ''),
  Username: v.optional(v.string(), ''),
});

const FAILURE = { MessagesErased: 0 };

/**
 * `POST /api/message/clear` (docs/api.md#clear-dm-history): a user erases their DM history with their JWT, or
 * the website erases a user's (e.g. a deleted account) with the APIKey and their Username.
 * Both sides of each of their conversations go.
 */
export function registerMessageClear(app: Hono, room: Room, history: DirectMessageHistory | undefined): void {
  registerHistoryEndpoint(app, room, history, {
    path: '/api/message/clear',
    schema: Body,
    failure: FAILURE,
    async authorize(c, body) {
      const target = await whoseHistory(c, room, body);
      if (target.ok && !target.username) {
        return {
          ok: false,
          response: apiError(c, 400, 'Whose messages to clear? Username (or the token subject) is empty.', FAILURE),
        };
      }
      return target;
    },
    answer: async (c, _body, target, store) => jsonResponse(c, { OK: true, MessagesErased: await store.clear(target) }),
  });
}

/** The website names the user (with the APIKey); a user clears their own (with their JWT). */
async function whoseHistory(c: Context, room: Room, body: v.InferOutput<typeof Body>): Promise<CallerResult> {
  if (!body.APIKey) return verifyCaller(c, room, body.JWTToken, FAILURE);
  if (!(await apiKeyMatches(body.APIKey, room.settings.AdminAPIKey)))
    return { ok: false, response: apiError(c, 401, AUTH_DENIED, FAILURE) };
  return { ok: true, username: body.Username };
}
