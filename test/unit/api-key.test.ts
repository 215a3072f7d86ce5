import { describe, expect, it } from 'vitest';
import { apiKeyMatches } from '../../src/auth/api-key.ts';

describe('API key check', () => {
  it('accepts only the exact configured key', async () => {
    const key = '1be8a112-fe00-4858-afc3-10f959d9637f';
    expect(await apiKeyMatches(key, key)).toBe(true);
    for (const wrong of [
      '',
      key.slice(0, -1),
      `${key}x`,
      key.toUpperCase(),
      key + key,
      'x'.repeat(key.length),
      `${key.slice(0, -1)}e`,
    ]) {
      expect(await apiKeyMatches(wrong, key), wrong).toBe(false);
    }
    expect(await apiKeyMatches('ünïcödé', 'ünïcödé')).toBe(true);
    expect(await apiKeyMatches('unicode', 'ünïcödé')).toBe(false);
  });

  it('never accepts anything when no key is configured', async () => {
    expect(await apiKeyMatches('', '')).toBe(false);
    expect(await apiKeyMatches('anything', '')).toBe(false);
  });
});
