import type { Context, Hono } from 'hono';
import type * as v from 'valibot';
import { AUTH_DENIED } from '../../auth/api-key.ts';
import type { Room } from '../../core/room.ts';
import type { DirectMessageHistory } from '../../store/history.ts';
import { jsonResponse } from '../json.ts';
import { keyAccepted, offeredApiKey } from './admin-endpoint.ts';
import type { FailedKeyGuard } from './rate-limit.ts';
import { apiError } from './request.ts';
import { MessageClearRequest } from './user-schemas.ts';
import { registerHistoryEndpoint, verifyCaller, type CallerResult } from './user-api.ts';

const FAILURE = { MessagesErased: 0 };

/**
 * `POST /api/message/clear` (docs/api.md#clear-dm-history): a user erases their DM history with
 * their JWT, or the website erases a user's (e.g. a deleted account) with the API key (body or
 * Bearer header) and their Username. Both sides of each of their conversations go.
 */
export function registerMessageClear(
  app: Hono,
  room: Room,
  history: DirectMessageHistory | undefined,
  failedKeys: FailedKeyGuard,
): void {
  app.use('/api/message/clear', failedKeys(FAILURE));
  registerHistoryEndpoint(app, room, history, {
    path: '/api/message/clear',
    schema: MessageClearRequest,
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

/** The website names the user (with the API key); a user clears their own (with their JWT). */
async function whoseHistory(c: Context, room: Room, body: v.InferOutput<typeof MessageClearRequest>): Promise<CallerResult> {
  const offered = offeredApiKey(c, body.APIKey);
  if (offered === '') return verifyCaller(c, room, body.JWTToken, FAILURE);
  if (!(await keyAccepted(offered, room.settings.AdminAPIKey)))
    return { ok: false, response: apiError(c, 401, AUTH_DENIED, FAILURE) };
  return { ok: true, username: body.Username };
}
