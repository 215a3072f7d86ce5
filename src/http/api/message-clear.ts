import type { Hono } from 'hono';
import * as v from 'valibot';
import { apiKeyMatches, AUTH_DENIED } from '../../auth/api-key.ts';
import type { Room } from '../../core/room.ts';
import type { DirectMessageHistory } from '../../store/history.ts';
import { jsonResponse } from '../json.ts';
import { HISTORY_DISABLED, historyFailure, verifyCaller } from './user-api.ts';
import { apiError, readApiBody } from './request.ts';

const Body = v.object({
  JWTToken: v.optional(v.string(), ''),
  APIKey: v.optional(v.string(), ''),
  Username: v.optional(v.string(), ''),
});

const FAILURE = { MessagesErased: 0 };

/**
 * `POST /api/message/clear` (http.md §3.11): a user erases their DM history with their JWT, or
 * the website erases a user's (e.g. a deleted account) with the APIKey and their Username.
 * Both sides of each of their conversations go.
 */
export function registerMessageClear(app: Hono, room: Room, history: DirectMessageHistory | undefined): void {
  app.all('/api/message/clear', async (c) => {
    const body = await readApiBody(c, Body, FAILURE);
    if (!body.ok) return body.response;
    const { APIKey, JWTToken, Username } = body.body;
    let target: string;
    if (APIKey) {
      if (!(await apiKeyMatches(APIKey, room.settings.AdminAPIKey))) return apiError(c, 401, AUTH_DENIED, FAILURE);
      target = Username;
    } else {
      const caller = await verifyCaller(c, room, JWTToken, FAILURE);
      if (!caller.ok) return caller.response;
      target = caller.username;
    }
    if (!target) return apiError(c, 400, 'Whose messages to clear? Username (or the token subject) is empty.', FAILURE);
    if (!history) return apiError(c, 500, HISTORY_DISABLED, FAILURE);
    try {
      return jsonResponse(c, { OK: true, MessagesErased: await history.clear(target) });
    } catch (err) {
      return historyFailure(c, room, err, FAILURE);
    }
  });
}
