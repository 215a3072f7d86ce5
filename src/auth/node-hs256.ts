import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { HS256_HEADER, type EncodeHs256 } from './jwt.ts';

/** HS256 tokens through node:crypto (Node, Bun and Deno all have it): synchronous, no thread pool. */
export const encodeHs256WithNodeCrypto: EncodeHs256 = (secret, payload) => {
  const input = `${HS256_HEADER}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
