import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('wrangler.jsonc', () => {
  it('is what `wrangler deploy` uploads: the Worker bundled by wrangler, the room object, the assets', async () => {
    const out = await mkdtemp(join(tmpdir(), 'barertc-wrangler-'));
    const run = spawnSync(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/env\.ROOM \(ChatRoom\)\s+Durable Object/);
    expect(run.stdout).toMatch(/env\.ASSETS\s+Assets/);
    expect(run.stdout).toMatch(/env\.ROOM_NAME \("room"\)\s+Environment Variable/);
    // Nothing of the file side is in the Worker: no node: modules, no settings file loader.
    const files = await readdir(out);
    expect(files.some((f) => f.endsWith('.wasm'))).toBe(true); // photon, for images
    const bundle = await readFile(join(out, files.find((f) => f.endsWith('.js'))!), 'utf8');
    expect(bundle).not.toMatch(/from\s*["']node:/);
    expect(bundle).not.toContain('wrote a new settings file');
    expect(bundle).toContain('CREATE TABLE IF NOT EXISTS `direct_messages`'); // drizzle/'s migrations, embedded
  }, 300_000);
});
