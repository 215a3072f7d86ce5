import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { HS256_HEADER, type EncodeHs256 } from './jwt.ts';

const encodedHeader = Buffer.from(HS256_HEADER).toString('base64url');

/** HS256 tokens through node:crypto (Node, Bun and Deno all have it): synchronous, no thread pool. */
export const encodeHs256WithNodeCrypto: EncodeHs256 = (secret, payload) => {
  const input = `${encodedHeader}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
