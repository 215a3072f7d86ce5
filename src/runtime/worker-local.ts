/**
 * `npm run start:worker`: the Cloudflare Worker (src/runtime/worker.ts) in workerd through
 * Miniflare, with the same flags, settings file and log lines as the other runtimes. The settings
 * file's text becomes the SETTINGS_TOML binding; BARERTC_* variables become the secrets; the room's
 * SQLite storage is kept in data/worker/ beside the settings file.
 *
 * Miniflare runs in a child process of its own process group: a signal sent to our group would
 * otherwise reach workerd directly and cut every socket before the room could close them politely.
 * We relay SIGINT/SIGTERM to it; if we die, its stdin ends and it stops too. SIGHUP is a code
 * update: the Worker is bundled again and reloaded, its sockets closed with 1012 first.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { createConsoleLogger } from '../adapters/console-logger.ts';
import { loadSettings, SettingsError } from '../settings/load.ts';
import { parseCli, UsageError } from './cli.ts';
import type { LocalWorker } from './miniflare-options.ts';
import { buildWorker } from './worker-build.ts';

const SECRETS = ['BARERTC_ADMIN_API_KEY', 'BARERTC_JWT_SECRET_KEY', 'BARERTC_DATABASE_URL', 'BARERTC_DATABASE_AUTH_TOKEN'];

const logger = createConsoleLogger(false);
let cli: ReturnType<typeof parseCli>;
try {
  cli = parseCli(process.argv.slice(2), process.env);
  // The same first run, upgrade and errors as the other runtimes; the Worker then reads the text.
  for (const note of (await loadSettings(cli.settingsPath)).notes) logger.info(note);
} catch (err) {
  if (!(err instanceof UsageError || err instanceof SettingsError)) throw err;
  console.error(err.message);
  process.exit(err instanceof UsageError && err.message.startsWith('Usage') ? 0 : 2);
}
const outdir = await mkdtemp(join(tmpdir(), 'barertc-worker-'));
const secrets = Object.fromEntries(SECRETS.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
const worker: LocalWorker = {
  bundle: await buildWorker(outdir),
  hostname: cli.hostname,
  port: cli.port,
  bindings: { ...secrets, SETTINGS_TOML: await readFile(cli.settingsPath, 'utf8'), DEBUG: String(cli.debug) },
  persistTo: join(dirname(resolve(cli.settingsPath)), 'data', 'worker'),
};
// In the environment, not on the command line: the settings text holds secrets that `ps` would show.
const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./worker-miniflare.ts', import.meta.url))], {
  detached: true,
  stdio: ['pipe', 'inherit', 'inherit'],
  env: { ...process.env, BARERTC_LOCAL_WORKER: JSON.stringify(worker) },
});
const relay = (signal: string) => {
  logger.info(`${signal} received, closing connections`);
  child.stdin.write('stop\n');
};
process.on('SIGINT', () => relay('SIGINT'));
process.on('SIGTERM', () => relay('SIGTERM'));
process.on('SIGHUP', () => child.stdin.write('reload\n'));
child.on('exit', (code) => process.exit(code ?? 1));
