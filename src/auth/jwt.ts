import { base64url, errors, jwtVerify } from 'jose';
import * as v from 'valibot';
import { ClaimsSchema, type Claims } from '../core/claims.ts';
import { formatDuration } from '../core/format.ts';
import type { Authenticator, VerifyResult } from '../core/ports.ts';
import { MAX_TOKEN_CHARS } from '../core/wire.ts';

export type { Claims };

/** Lifetime of tokens the server signs; the chat page gets a fresh one on every ping. */
export const SIGNED_TOKEN_SECONDS = 300;
/** Clock leeway for exp/nbf between the website's clock and ours. */
const LEEWAY_SECONDS = 5;

export interface JwtOptions {
  /** The shared HS256 secret; read on every call so /reconfigure takes effect. */
  secret: () => string;
  now?: () => number;
  /**
   * Encodes a signed token where the runtime has faster primitives than WebCrypto: on Node a
   * WebCrypto signature is a thread-pool round trip costing ~15x a node:crypto HMAC, and
   * /api/authentication signs on every call. Without it, tokens are signed with WebCrypto.
   */
  encodeHs256?: EncodeHs256;
}

/** The JWS compact form (RFC 7515 §7.1) of `payload` (JSON) under HS256 with `secret`. */
export type EncodeHs256 = (secret: string, payload: string) => string;

/** The protected header of every token we sign, base64url-encoded (jose's SignJWT writes the same). */
export const HS256_HEADER = base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

async function encodeWithWebCrypto(key: CryptoKey, payload: string): Promise<string> {
  const input = `${HS256_HEADER}.${base64url.encode(payload)}`;
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input));
  return `${input}.${base64url.encode(new Uint8Array(mac))}`;
}

/** HS256 tokens; `sign` re-signs claims the way the original does: exp = now + 5 min, iat = nbf = now. */
export function createJwtService({ secret, now = Date.now, encodeHs256 }: JwtOptions): Authenticator {
  // Importing the HMAC key costs as much as a signature; keep it until the secret changes.
  let cached: { secret: string; key: Promise<CryptoKey> } | undefined;
  const keyOf = (): Promise<CryptoKey> => {
    const current = secret();
    if (cached?.secret !== current) {
      const key = crypto.subtle.importKey('raw', new TextEncoder().encode(current), { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
        'verify',
      ]);
      cached = { secret: current, key };
    }
    return cached.key;
  };
  return {
    async verify(token): Promise<VerifyResult> {
      if (!secret()) return { ok: false, error: 'JWT authentication is not configured on this server (no SecretKey).' };
      // Refused unread: a website's token is a few hundred characters, and a huge one costs a decode.
      if (token.length > MAX_TOKEN_CHARS) return { ok: false, error: `token is too long (over ${MAX_TOKEN_CHARS} characters)` };
      if (token.split('.').length !== 3) return { ok: false, error: 'token contains an invalid number of segments' };
      try {
        const { payload } = await jwtVerify(token, await keyOf(), {
          algorithms: ['HS256'],
          clockTolerance: LEEWAY_SECONDS,
          currentDate: new Date(now()),
        });
        // jose accepts an `iat` in the future; the original (golang-jwt) refuses it, and so do we.
        if (typeof payload.iat === 'number' && payload.iat > now() / 1000 + LEEWAY_SECONDS) {
          return { ok: false, error: 'token used before issued' };
        }
        const parsed = v.safeParse(ClaimsSchema, payload);
        if (!parsed.success)
          return {
            ok: false,
            error: `token claims are malformed: ${v.getDotPath(parsed.issues[0]) ?? ''} ${parsed.issues[0].message}`,
          };
        return { ok: true, claims: parsed.output };
      } catch (err) {
        return { ok: false, error: describeJoseError(err, now) };
      }
    },
    async sign(claims) {
      const current = secret();
      if (!current) throw new Error('JWT.SecretKey is not set');
      const t = Math.floor(now() / 1000);
      const { exp: _exp, iat: _iat, nbf: _nbf, ...rest } = claims;
      // The claim order jose's SignJWT writes; test/unit/jwt-signing.test.ts checks both encoders.
      const payload = JSON.stringify({ ...rest, iat: t, nbf: t, exp: t + SIGNED_TOKEN_SECONDS });
      return encodeHs256 ? encodeHs256(current, payload) : encodeWithWebCrypto(await keyOf(), payload);
    },
  };
}

/** Golang-jwt style wording, which websites and the original client already know. */
function describeJoseError(err: unknown, now: () => number): string {
  if (err instanceof errors.JWTExpired) {
    const exp = Number((err.payload as { exp?: number }).exp ?? 0);
    return `token is expired by ${formatDuration(now() - exp * 1000)}`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature is invalid';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'signing method (alg) is unavailable.';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return 'token is not valid yet';
    if (err.claim === 'iat') return 'token used before issued';
    return `token claim ${err.claim} is invalid: ${err.reason}`;
  }
  if (err instanceof errors.JOSEError) return err.message;
  return 'token is malformed';
}
