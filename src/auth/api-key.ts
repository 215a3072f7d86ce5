/**
 * Compare an offered API key with the configured one in constant time: every byte of the offered
 * key is compared (against the configured key, wrapped around) whatever matches, so the time taken
 * depends only on the length the caller chose, never on the content or length of the real key.
 * Plain JS on purpose: WebCrypto digests go through a thread pool on Node and cost a round trip per
 * request. An empty configured key never matches (the original lets an empty APIKey through).
 */
export async function apiKeyMatches(offered: string, configured: string): Promise<boolean> {
  if (!configured) return false;
  const enc = new TextEncoder();
  const x = enc.encode(offered);
  const y = enc.encode(configured);
  let diff = x.length ^ y.length;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i % y.length]!;
  return diff === 0;
}

/** The original's reply to a wrong or missing APIKey (401). */
export const AUTH_DENIED = 'Authentication denied.';
