import { jsonResponse } from '../json.ts';
import type { AdminApi } from './admin-endpoint.ts';
import { AuthenticateRequest, type AuthenticateResult } from '../../../packages/admin-client/src/schemas.ts';
import { apiError } from './request.ts';

/**
 * `POST /api/authenticate` (the original's path and its chatbot's) and `/api/authentication` (the
 * documented one): sign the website's claims into a chat token valid for five minutes.
 */
export function registerAuthenticate(api: AdminApi): void {
  api.endpoint(['/api/authenticate', '/api/authentication'], AuthenticateRequest, {}, async (c, body) => {
    let jwt: string;
    try {
      jwt = await api.room.auth.sign(body.Claims ?? {});
    } catch (err) {
      return apiError(c, 500, `Error signing the JWT claims: ${(err as Error).message}`);
    }
    return jsonResponse(c, { OK: true, JWT: jwt } satisfies AuthenticateResult);
  });
}
