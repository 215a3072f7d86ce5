import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createJwtService, SIGNED_TOKEN_SECONDS } from '../../src/auth/jwt.ts';
import { encodeHs256WithNodeCrypto } from '../../src/auth/node-hs256.ts';

const SECRET = 'signing-secret';
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const webCrypto = createJwtService({ secret: () => SECRET, now: () => NOW });
const synchronous = createJwtService({ secret: () => SECRET, now: () => NOW, encodeHs256: encodeHs256WithNodeCrypto });
const claims = { sub: 'alice', nick: 'Alice ✨', op: true, emoji: '🦊', exp: 1, iat: 2, nbf: 3 };

describe('tokens the server signs', () => {
  it.each([
    ['WebCrypto', webCrypto],
    ['node:crypto', synchronous],
  ])('with %s verify under jose with the shared secret, valid five minutes from now', async (_, service) => {
    const token = await service.sign(claims);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), {
      algorithms: ['HS256'],
      currentDate: new Date(NOW),
    });
    const t = NOW / 1000;
    expect(payload).toEqual({
      sub: 'alice',
      nick: 'Alice ✨',
      op: true,
      emoji: '🦊',
      iat: t,
      nbf: t,
      exp: t + SIGNED_TOKEN_SECONDS,
    });
    expect(await service.verify(token)).toMatchObject({ ok: true, claims: { sub: 'alice', nick: 'Alice ✨' } });
  });

  it("are the bytes jose's SignJWT writes, whichever encoder signs them", async () => {
    const t = NOW / 1000;
    const { exp: _exp, iat: _iat, nbf: _nbf, ...rest } = claims;
    const jose = await new SignJWT(rest)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(t)
      .setNotBefore(t)
      .setExpirationTime(t + SIGNED_TOKEN_SECONDS)
      .sign(new TextEncoder().encode(SECRET));
    expect(await synchronous.sign(claims)).toBe(jose);
    expect(await webCrypto.sign(claims)).toBe(jose);
  });

  it('do not verify under another secret', async () => {
    const token = await synchronous.sign(claims);
    const other = createJwtService({ secret: () => 'another-secret', now: () => NOW, encodeHs256: encodeHs256WithNodeCrypto });
    expect(await other.verify(token)).toEqual({ ok: false, error: 'signature is invalid' });
  });

  it('are refused when no secret is configured', async () => {
    const unset = createJwtService({ secret: () => '', encodeHs256: encodeHs256WithNodeCrypto });
    await expect(unset.sign(claims)).rejects.toThrow('JWT.SecretKey is not set');
  });
});
