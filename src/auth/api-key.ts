/**
 * Compare an offered API key with the configured one in constant time: both are hashed first, so
 * neither the content nor the length of the real key leaks through timing. An empty configured
 * key never matches (the original lets an empty APIKey through when the setting is empty).
 */
export async function apiKeyMatches(offered: string, configured: string): Promise<boolean> {
  if (!configured) return false;
  const enc = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', enc.encode(offered)),
    crypto.subtle.digest('SHA-256', enc.encode(configured)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/** The original's reply to a wrong or missing APIKey (401). */
export const AUTH_DENIED = 'Authentication denied.';
