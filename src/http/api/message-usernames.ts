import type { Hono } from 'hono';
import * as v from 'valibot';
import type { Room } from '../../core/room.ts';
import { USERNAMES_PAGE_SIZE, type DirectMessageHistory, type PartnerSort } from '../../store/history.ts';
import { jsonResponse } from '../json.ts';
import { HISTORY_DISABLED, historyFailure, verifyOnlineCaller } from './user-api.ts';
import { apiError, readApiBody } from './request.ts';

const Body = v.object({
  JWTToken: v.optional(v.string(), ''),
  Sort: v.optional(v.string(), ''),
  Page: v.optional(v.pipe(v.number(), v.integer()), 0),
});

const FAILURE = { Usernames: null, Count: 0, Pages: 0 };
const SORTS: readonly string[] = ['newest', 'oldest', 'a-z', 'z-a'] satisfies PartnerSort[];

/** `POST /api/message/usernames`: a page of the people the caller has DMs with (http.md §3.10). */
export function registerMessageUsernames(app: Hono, room: Room, history: DirectMessageHistory | undefined): void {
  app.all('/api/message/usernames', async (c) => {
    const body = await readApiBody(c, Body, FAILURE);
    if (!body.ok) return body.response;
    const caller = await verifyOnlineCaller(c, room, body.body.JWTToken, FAILURE);
    if (!caller.ok) return caller.response;
    if (!history) return apiError(c, 500, HISTORY_DISABLED, FAILURE);
    // Any other sort, as in the original, means newest.
    const sort = (SORTS.includes(body.body.Sort) ? body.body.Sort : 'newest') as PartnerSort;
    let page;
    try {
      page = await history.partners(caller.username, sort, body.body.Page);
    } catch (err) {
      return historyFailure(c, room, err, FAILURE);
    }
    if (page.count === 0) return apiError(c, 500, 'you have no direct messages stored on this chat server', FAILURE);
    return jsonResponse(c, {
      OK: true,
      Usernames: page.usernames,
      Count: page.count,
      Pages: Math.max(1, Math.ceil(page.count / USERNAMES_PAGE_SIZE)),
    });
  });
}
