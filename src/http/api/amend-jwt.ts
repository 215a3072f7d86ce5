import { amendJwt, type AmendResult } from '../../core/admin.ts';
import { jsonResponse } from '../json.ts';
import type { AdminApi } from './admin-endpoint.ts';
import { AmendJwtRequest, type OkResult } from '../../../packages/admin-client/src/schemas.ts';
import { apiError } from './request.ts';

const STATUS = { token: 401, offline: 404, name: 409 } as const satisfies Record<
  Extract<AmendResult, { ok: false }>['problem'],
  number
>;

/** `POST /api/amend-jwt`: give an online user the claims of a new token (and its name, when `sub` changed). */
export function registerAmendJwt(api: AdminApi): void {
  api.endpoint(['/api/amend-jwt'], AmendJwtRequest, {}, async (c, body) => {
    const result = await amendJwt(api.room, body.Username, body.JWTToken);
    if (!result.ok) return apiError(c, STATUS[result.problem], result.error);
    return jsonResponse(c, { OK: true } satisfies OkResult);
  });
}
