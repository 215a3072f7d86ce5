import { blockNow } from '../../core/admin.ts';
import { jsonResponse } from '../json.ts';
import type { AdminApi } from './admin-endpoint.ts';
import { BlockNowRequest, type OkResult } from '../../../packages/admin-client/src/schemas.ts';

/** `POST /api/block/now`: a two-way block between every pair of the named users who are online. */
export function registerBlockNow(api: AdminApi): void {
  api.endpoint(['/api/block/now'], BlockNowRequest, {}, (c, body) => {
    blockNow(api.room, body.Usernames ?? []);
    return jsonResponse(c, { OK: true } satisfies OkResult);
  });
}
