/**
 * The child of `npm run start:worker` (worker-local.ts): runs the Worker in Miniflare until told
 * `stop` on stdin (or stdin ends), then closes every socket with 1012 (service restart), as the other runtimes do on
 * SIGINT/SIGTERM, and exits 0. `reload` is a code update, as a deploy is: the Worker is bundled
 * again from the sources and replaces the running one, whose sockets are closed with 1012 first.
 */
import process from 'node:process';
import { createInterface } from 'node:readline';
import { Miniflare } from 'miniflare';
import { createConsoleLogger } from '../adapters/console-logger.ts';
import type { DurableObjectNamespace } from '../adapters/durable-object/workers.ts';
import { miniflareOptions, readWranglerConfig, type LocalWorker } from './miniflare-options.ts';
import { buildWorker } from './worker-build.ts';
import { CLOSE_SERVICE_RESTART } from '../core/wire.ts';

const logger = createConsoleLogger(false);
const worker = JSON.parse(process.env['BARERTC_LOCAL_WORKER'] ?? '{}') as LocalWorker;
const config = readWranglerConfig();
const mf = new Miniflare(miniflareOptions(worker, config));
const url = await mf.ready;
logger.info(`Listening at ${url.origin}`);

/** Close every socket of the room with `code`, and give clients a moment to answer, as the Node server does. */
async function closeRoom(code: number, reason: string): Promise<void> {
  try {
    const rooms = (await mf.getDurableObjectNamespace(
      config.durable_objects.bindings[0]!.name,
    )) as unknown as DurableObjectNamespace;
    await rooms.get(rooms.idFromName(config.vars?.['ROOM_NAME'] || 'room')).closeAll(code, reason);
    await new Promise((r) => setTimeout(r, 200));
  } catch (err) {
    logger.warn(`could not close the room's sockets: ${String(err)}`);
  }
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await closeRoom(CLOSE_SERVICE_RESTART, 'service restart');
  await mf.dispose();
  process.exit(0);
}

let reloading = Promise.resolve();
async function reload(): Promise<void> {
  worker.bundle = await buildWorker(worker.bundle.modulesRoot);
  await closeRoom(1012, 'service restart');
  await mf.setOptions(miniflareOptions(worker, readWranglerConfig()));
  logger.info('Worker reloaded');
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = line.trim();
  if (command === 'stop') void stop();
  if (command === 'reload' && !stopping) {
    reloading = reloading.then(reload).catch((err: unknown) => logger.error(`could not reload the Worker: ${String(err)}`));
  }
});
lines.on('close', () => void stop());
// Signals are the parent's business; one that reaches this group directly still stops cleanly.
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
