import { shutdown } from '../../core/admin.ts';
import { jsonResponse } from '../json.ts';
import type { AdminApi } from './admin-endpoint.ts';
import { ShutdownRequest, type OkResult } from '../../../packages/admin-client/src/schemas.ts';
import { apiError } from './request.ts';

/** `POST /api/shutdown`: notify everyone and exit non-zero two seconds later, for the supervisor to restart us. */
export function registerShutdown(api: AdminApi): void {
  api.endpoint(['/api/shutdown'], ShutdownRequest, {}, (c) => {
    api.room.logger.info('shutdown requested through the API');
    if (!shutdown(api.room)) return apiError(c, 500, 'This server cannot restart itself.');
    return jsonResponse(c, { OK: true } satisfies OkResult);
  });
}
