import { disconnectNow } from '../../core/admin.ts';
import { jsonResponse } from '../json.ts';
import type { AdminApi } from './admin-endpoint.ts';
import { DisconnectNowRequest, type DisconnectNowResult } from '../../../packages/admin-client/src/schemas.ts';

/** `POST /api/disconnect/now`: remove the named users from the room; `Removed` counts those who were online. */
export function registerDisconnectNow(api: AdminApi): void {
  api.endpoint(['/api/disconnect/now'], DisconnectNowRequest, { Removed: 0, Error: '' }, (c, body) => {
    const removed = disconnectNow(api.room, body.Usernames ?? [], { message: body.Message, kick: body.Kick });
    return jsonResponse(c, { OK: true, Removed: removed } satisfies DisconnectNowResult);
  });
}
