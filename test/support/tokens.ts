import { SignJWT } from 'jose';

export const SECRET = 'test-jwt-secret-that-is-long-enough';

/** Sign claims the way a website does (HS256 with the shared secret). */
export async function signToken(
  claims: Record<string, unknown>,
  opts: { secret?: string; expiresIn?: number; notBefore?: number; issuedIn?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now + (opts.issuedIn ?? -1));
  jwt.setExpirationTime(now + (opts.expiresIn ?? 300));
  if (opts.notBefore !== undefined) jwt.setNotBefore(now + opts.notBefore);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? SECRET));
}

/** An unsigned token ("alg": "none"), which must never be accepted. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 300 })}.`;
}
