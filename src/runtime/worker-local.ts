/**
 * `npm run start:worker`: the Cloudflare Worker (src/runtime/worker.ts) in workerd through
 * Miniflare, with the same flags, settings file and log lines as the other runtimes. The settings
 * file's text becomes the SETTINGS_TOML binding; BARERTC_* variables become the secrets; the room's
 * SQLite storage is kept in data/worker/ beside the settings file.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { Miniflare } from 'miniflare';
import { createConsoleLogger } from '../adapters/console-logger.ts';
import type { DurableObjectNamespace } from '../adapters/durable-object/workers.ts';
import { loadSettings, SettingsError } from '../settings/load.ts';
import { parseCli, UsageError } from './cli.ts';
import { miniflareOptions, readWranglerConfig } from './miniflare-options.ts';
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
const scriptPath = join(await mkdtemp(join(tmpdir(), 'barertc-worker-')), 'worker.js');
await buildWorker(scriptPath);
const secrets = Object.fromEntries(SECRETS.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
const config = readWranglerConfig();
const mf = new Miniflare(
  miniflareOptions(
    {
      scriptPath,
      hostname: cli.hostname,
      port: cli.port,
      bindings: { ...secrets, SETTINGS_TOML: await readFile(cli.settingsPath, 'utf8'), DEBUG: String(cli.debug) },
      persistTo: join(dirname(resolve(cli.settingsPath)), 'data', 'worker'),
    },
    config,
  ),
);
const url = await mf.ready;
logger.info(`Listening at ${url.origin}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal} received, closing connections`);
  try {
    const rooms = (await mf.getDurableObjectNamespace(
      config.durable_objects.bindings[0]!.name,
    )) as unknown as DurableObjectNamespace;
    await rooms.get(rooms.idFromName(config.vars?.['ROOM_NAME'] || 'room')).closeAll(1001, 'server shutting down');
  } catch (err) {
    logger.warn(`could not close the room's sockets: ${String(err)}`);
  }
  await mf.dispose();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
