import type { Hono } from 'hono';
import * as v from 'valibot';
import { formatLocalRfc3339 } from '../../core/format.ts';
import type { Room } from '../../core/room.ts';
import type { DirectMessageHistory } from '../../store/history.ts';
import { jsonResponse } from '../json.ts';
import { HISTORY_DISABLED, historyFailure, verifyOnlineCaller } from './user-api.ts';
import { apiError, readApiBody } from './request.ts';

const Body = v.object({
  JWTToken: v.optional(v.string(), ''),
  Username: v.optional(v.string(), ''),
  BeforeID: v.optional(v.pipe(v.number(), v.integer()), 0),
});

const FAILURE = { Messages: null, Remaining: 0 };

/** `POST /api/message/history`: a page of the caller's DMs with one partner, newest first (http.md §3.9). */
export function registerMessageHistory(app: Hono, room: Room, history: DirectMessageHistory | undefined): void {
  app.all('/api/message/history', async (c) => {
    const body = await readApiBody(c, Body, FAILURE);
    if (!body.ok) return body.response;
    const caller = await verifyOnlineCaller(c, room, body.body.JWTToken, FAILURE);
    if (!caller.ok) return caller.response;
    if (!history) return apiError(c, 500, HISTORY_DISABLED, FAILURE);
    let page;
    try {
      page = await history.page(caller.username, body.body.Username, body.body.BeforeID);
    } catch (err) {
      return historyFailure(c, room, err, FAILURE);
    }
    const { messages, remaining } = page;
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
  });
}
