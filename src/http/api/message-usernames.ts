import type { Hono } from 'hono';
import * as v from 'valibot';
import type { Room } from '../../core/room.ts';
import { USERNAMES_PAGE_SIZE, type DirectMessageHistory, type PartnerSort } from '../../store/history.ts';
import { jsonResponse } from '../json.ts';
import { apiError } from './request.ts';
import { registerHistoryEndpoint, verifyOnlineCaller } from './user-api.ts';

const FAILURE = { Usernames: null, Count: 0, Pages: 0 };
const SORTS: readonly string[] = ['newest', 'oldest', 'a-z', 'z-a'] satisfies PartnerSort[];

/** `POST /api/message/usernames`: a page of the people the caller has DMs with (docs/api.md#dm-partners). */
export function registerMessageUsernames(app: Hono, room: Room, history: DirectMessageHistory | undefined): void {
  registerHistoryEndpoint(app, room, history, {
    path: '/api/message/usernames',
    schema: v.object({
      JWTToken: v.optional(v.string(), ''),
      Sort: v.optional(v.string(), ''),
      Page: v.optional(v.pipe(v.number(), v.integer()), 0),
    }),
    failure: FAILURE,
    authorize: (c, body) => verifyOnlineCaller(c, room, body.JWTToken, FAILURE),
    async answer(c, body, caller, store) {
      // Any other sort, as in the original, means newest.
      const sort = (SORTS.includes(body.Sort) ? body.Sort : 'newest') as PartnerSort;
      const page = await store.partners(caller, sort, body.Page);
      if (page.count === 0) return apiError(c, 500, 'you have no direct messages stored on this chat server', FAILURE);
      return jsonResponse(c, {
        OK: true,
        Usernames: page.usernames,
        Count: page.count,
        Pages: Math.max(1, Math.ceil(page.count / USERNAMES_PAGE_SIZE)),
      });
    },
  });
}
