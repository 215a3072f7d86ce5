import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME, startServer, type TestServer } from '../support/server.ts';
import { SECRET } from '../support/tokens.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const KEY = 'test-admin-key';

const CLIENT = `import { AdminApiError, createAdminClient } from 'barertc-admin-client';
const [url, key] = process.argv.slice(2);
const chat = createAdminClient({ baseUrl: url, apiKey: key });
const { JWT } = await chat.authenticate({ Claims: { sub: 'packaged-bot' } });
const stats = await chat.statistics();
let refused;
try {
  await createAdminClient({ baseUrl: url, apiKey: 'wrong' }).blockNow({ Usernames: [] });
} catch (err) {
  refused = err instanceof AdminApiError ? err.status : String(err);
}
console.log(JSON.stringify({ sub: JSON.parse(atob(JWT.split('.')[1])).sub, users: stats.UserCount, refused }));
`;

/** A TypeScript consumer: the package's .d.ts must type its calls (and reject a wrong one). */
const TYPED = `import { createAdminClient, type DisconnectNowResult } from 'barertc-admin-client';
const chat = createAdminClient({ baseUrl: 'http://127.0.0.1', apiKey: 'k' });
export const removed: Promise<DisconnectNowResult> = chat.disconnectNow({ Usernames: ['a'], Kick: true });
// @ts-expect-error Usernames is a list of names
export const wrong = chat.blockNow({ Usernames: 'a' });
`;

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// The package is built and packed in the repository, so one runtime's project does it (the
// projects run in parallel and would build over each other); the client is plain Node anyway.
describe.runIf(RUNTIME === 'node')('the admin client as an npm package', () => {
  let server: TestServer;
  let project: string;
  beforeAll(async () => {
    server = await startServer({ settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } });
    const tarball = run('npm', ['run', '--silent', 'pack:client'], ROOT).trim().split('\n').at(-1)!;
    expect(tarball).toMatch(/\.tgz$/);
    project = await mkdtemp(join(tmpdir(), 'barertc-client-project-'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'website', private: true, type: 'module' }));
    // Offline: valibot comes from npm's cache, filled when this repository was installed.
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project);
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('installs into an empty project and drives a running server from plain Node', async () => {
    await writeFile(join(project, 'client.mjs'), CLIENT);
    const out = run(process.execPath, ['client.mjs', server.url, KEY], project);
    expect(JSON.parse(out.trim())).toEqual({ sub: 'packaged-bot', users: 0, refused: 401 });
  });

  it('ships .d.ts types that check a TypeScript caller', async () => {
    await writeFile(join(project, 'typed.ts'), TYPED);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        noEmit: true,
        lib: ['es2022', 'dom'],
      },
      files: ['typed.ts'],
    };
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], project);
  });
});
