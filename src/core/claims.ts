// The admin client package owns the claims schema (websites sign claims with it); the room reads the same one.
import type { Claims } from '../../packages/admin-client/src/claims.ts';

export { ClaimsSchema, goClaimKeys, type Claims } from '../../packages/admin-client/src/claims.ts';

/** The chat username a token names: its `sub`, trimmed, the same for login, polling and the APIs. */
export function claimsUsername(claims: Claims): string {
  return (claims.sub ?? '').trim();
}

/** The rules dictionary the chat page reads (`UserJWTRules`, ping `jwtRules`). */
export function jwtRules(claims: Claims | undefined) {
  const rules = new Set(claims?.rules ?? []);
  return {
    IsNoVideoRule: rules.has('novideo'),
    IsNoImageRule: rules.has('noimage'),
    IsNoBroadcastRule: rules.has('nobroadcast') || rules.has('novideo'),
    IsRedCamRule: rules.has('redcam'),
    IsNoDarkVideoRule: rules.has('nodvd'),
  };
}
export type JwtRules = ReturnType<typeof jwtRules>;
