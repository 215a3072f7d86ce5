import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/ports.ts';
import { createApp } from '../../src/http/app.ts';
import { ADMIN_ENDPOINTS } from '../support/api.ts';
import { createTestRoom } from '../support/fake-room.ts';
import { deepJson, fuzzSeed, hostileValue, objectText } from '../support/fuzz.ts';

const seed = fuzzSeed('API bodies');

/** Every endpoint of the JSON API. */
const ENDPOINTS = [
  ...ADMIN_ENDPOINTS,
  '/api/statistics',
  '/api/profile',
  '/api/message/history',
  '/api/message/usernames',
  '/api/message/clear',
];

/** A body with the endpoints' own keys (any case, as Go's decoder allows), each value maybe right, maybe hostile. */
const body = fc.dictionary(
  fc.constantFrom(
    'APIKey',
    'apikey',
    'Claims',
    'Username',
    'Usernames',
    'Blocklist',
    'JWTToken',
    'Message',
    'Kick',
    'Page',
    'BeforeID',
    'op',
  ),
  fc.oneof(fc.constant('test-admin-key'), fc.record({ sub: fc.string(), op: fc.boolean() }), hostileValue),
);
const bodyText = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(body, fc.option(hostileValue, { nil: undefined })).map(([b, proto]) => objectText(b, proto)) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.jsonValue().map((j) => JSON.stringify(j)) },
  { weight: 1, arbitrary: fc.constantFrom('null', '[]', '"text"', '', '{', ' ', deepJson(5000)) },
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', '');

describe('the API under hostile bodies', () => {
  it('answers every body on every endpoint with JSON and a fitting status, never an exception', async () => {
    const errors: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn() {}, error: (m) => void errors.push(m) };
    const { room } = createTestRoom({}, { logger });
    const app = createApp({
      room,
      settings: () => room.settings,
      logger,
      bufferedAmount: () => 0,
      terminate: () => {},
      remoteAddress: () => '127.0.0.1',
      assets: { index: () => '<html></html>', file: () => undefined },
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), bodyText, contentType, async (path, text, type) => {
        errors.length = 0;
        const res = await app.request(path, { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body: text });
        expect([200, 400, 401, 403, 413, 429, 500]).toContain(res.status);
        const reply = (await res.json()) as Record<string, unknown>;
        expect(typeof reply).toBe('object');
        if (res.status !== 200) expect(reply).toMatchObject({ OK: false, Error: expect.any(String) });
        // The only 500s are the endpoints' own answers (no history database, no way to restart).
        if (res.status === 500) expect(String(reply['Error'])).toMatch(/database is not initialized|cannot restart/);
        expect(errors).toEqual([]);
      }),
      { seed, numRuns: 400 },
    );
    room.close();
  }, 120_000);
});
