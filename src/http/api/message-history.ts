import type { Hono } from 'hono';
import * as v from 'valibot';
import { formatLocalRfc3339 } from '../../core/format.ts';
import type { Room } from '../../core/room.ts';
import type { DirectMessageHistory } from '../../store/history.ts';
import { jsonResponse } from '../json.ts';
import { registerHistoryEndpoint, verifyOnlineCaller } from './user-api.ts';

const FAILURE = { Messages: null, Remaining: 0 };

/** `POST /api/message/history`: a page of the caller's DMs with one partner, newest first (docs/api.md#dm-history-page). */
export function registerMessageHistory(app: Hono, room: Room, history: DirectMessageHistory | undefined): void {
  registerHistoryEndpoint(app, room, history, {
    path: '/api/message/history',
    schema: v.object({
      JWTToken: v.optional(v.string(), ''),
      Username: v.optional(v.string(), ''),
      BeforeID: v.optional(v.pipe(v.number(), v.integer()), 0),
    }),
    failure: FAILURE,
    authorize: (c, body) => verifyOnlineCaller(c, room, body.JWTToken, FAILURE),
    async answer(c, body, caller, store) {
      const { messages, remaining } = await store.page(caller, body.Username, body.BeforeID);
      return jsonResponse(c, {
        OK: true,
        Messages: messages.map((m) => ({
          username: m.username,
          ...(m.message ? { message: m.message } : {}),
          msgID: m.msgID,
          timestamp: formatLocalRfc3339(m.timestamp * 1000),
        })),
        Remaining: remaining,
      });
    },
  });
}
