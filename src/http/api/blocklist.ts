import { jsonResponse } from '../json.ts';
import type { AdminApi } from './admin-endpoint.ts';
import { BlocklistRequest, type OkResult } from '../../../packages/admin-client/src/schemas.ts';

/** `POST /api/blocklist`: remember a user's blocklist for their next chat page (JWT users). */
export function registerBlocklist(api: AdminApi): void {
  api.endpoint(['/api/blocklist'], BlocklistRequest, {}, (c, body) => {
    api.room.blocklists.set(body.Username, body.Blocklist ?? []);
    return jsonResponse(c, { OK: true } satisfies OkResult);
  });
}
