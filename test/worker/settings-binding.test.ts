import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniflareOptions } from '../../src/runtime/miniflare-options.ts';
import { buildWorker } from '../../src/runtime/worker-build.ts';
import { freePort } from '../support/server.ts';

/** The Worker given a broken SETTINGS_TOML binding directly (the local runner refuses a broken file first). */
let mf: Miniflare;
let url: string;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'barertc-worker-settings-'));
  mf = new Miniflare(
    miniflareOptions({
      bundle: await buildWorker(join(dir, 'bundle')),
      hostname: '127.0.0.1',
      port: await freePort(),
      bindings: { SETTINGS_TOML: 'Title = "x"\n[JWT]\nEnabled = 3\n' },
      persistTo: join(dir, 'data'),
    }),
  );
  url = (await mf.ready).origin;
});
afterAll(async () => {
  await mf?.dispose();
});

describe('a Worker whose settings binding is broken', () => {
  it.each(['/', '/api/statistics', '/assets/anything.js', '/ws', '/poll'])(
    'answers %s with a 500 that names the problem',
    async (path) => {
      const res = await fetch(url + path);
      expect(res.status).toBe(500);
      expect(await res.text()).toBe(
        "The chat server's settings are broken: SETTINGS_TOML: invalid settings:\n  JWT.Enabled: expected boolean, got 3",
      );
    },
  );
});
