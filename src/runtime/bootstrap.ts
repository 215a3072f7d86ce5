import process from 'node:process';
import { createJwtService } from '../auth/jwt.ts';
import { encodeHs256WithNodeCrypto } from '../auth/node-hs256.ts';
import { CLOSE_GRACE_MS } from '../core/admin.ts';
import { Room, type RoomOptions } from '../core/room.ts';
import { CLOSE_SERVICE_RESTART } from '../core/wire.ts';
import type { Logger } from '../core/ports.ts';
import { createApp, type AppOptions } from '../http/app.ts';
import type { RuntimeFanout } from '../http/ws.ts';
import { createConsoleLogger } from '../adapters/console-logger.ts';
import { PromMetrics } from '../adapters/prom-metrics.ts';
import { loadSettings, SettingsError } from '../settings/load.ts';
import { createWebhooks } from '../adapters/fetch-webhooks.ts';
import { databaseTarget, openHistory as openDatabaseHistory } from '../store/db.ts';
import type { DirectMessageHistory } from '../store/history.ts';
import { startRetention } from '../store/retention.ts';
import { createImageProcessor } from '../adapters/sharp-images.ts';
import { createConversationLog } from '../adapters/file-conversation-log.ts';
import type { Settings } from '../settings/schema.ts';
import { parseCli, UsageError, type CliOptions } from './cli.ts';
import { processLifecycle } from '../adapters/process-lifecycle.ts';
import { TemplateError } from '../http/go-template.ts';
import type { WebAssets } from '../http/pages.ts';
import { apiReferenceLoader, ClientBuildError, loadClientBuild, loadWebAssets } from './web-assets.ts';

export interface Server {
  cli: CliOptions;
  settings: () => Settings;
  room: Room;
  logger: Logger;
  /** Build the Hono app once the runtime has said how it upgrades WebSockets. */
  createApp(
    ws: Pick<AppOptions, 'upgradeWebSocket' | 'bufferedAmount' | 'terminate' | 'remoteAddress'>,
  ): ReturnType<typeof createApp>;
  /** Log where we listen; on SIGINT/SIGTERM close every socket as a service restart (1012) and exit 0. */
  listening(where: string, stopServer: () => void | Promise<void>): void;
}

/**
 * Room options a benchmark entry sets before it imports a runtime entry; never read from settings.
 * `withoutMetrics` leaves counting out entirely, for the benchmark's with/without comparison.
 */
export const roomTuning: Pick<RoomOptions, 'whoWindowMs'> & { withoutMetrics?: boolean } = {};

/**
 * Everything before serving that is the same on every runtime: flags, settings, the room.
 * A runtime with a native one-to-many send passes it as `fanout`.
 */
export async function bootstrap(runtime: { fanout?: RuntimeFanout } = {}): Promise<Server> {
  let cli: CliOptions;
  let settings: Settings;
  let notes: string[];
  try {
    cli = parseCli(process.argv.slice(2), process.env);
    const loaded = await loadSettings(cli.settingsPath);
    settings = loaded.settings;
    notes = loaded.notes;
  } catch (err) {
    if (err instanceof UsageError || err instanceof SettingsError) {
      console.error(err.message);
      process.exit(err instanceof UsageError && err.message.startsWith('Usage') ? 0 : 2);
    }
    throw err;
  }
  const logger = createConsoleLogger(cli.debug, cli.logFormat ?? settings.LogFormat);
  for (const note of notes) logger.info(note);
  if (settings.JWT.Enabled && !settings.JWT.SecretKey) {
    logger.warn('JWT.Enabled is on but JWT.SecretKey is empty: every token will be refused until a secret is set.');
  }
  const history = settings.DirectMessageHistory.Enabled ? await openHistory(settings, logger) : undefined;
  const msgIDFloor = await history?.lastMsgID();
  // The room owns the live settings; everything else reads them through it.
  const auth = createJwtService({
    secret: () => room.settings.JWT.SecretKey,
    encodeHs256: encodeHs256WithNodeCrypto,
  });
  const { withoutMetrics, ...tuning } = roomTuning;
  const metrics = withoutMetrics ? undefined : new PromMetrics();
  const room: Room = new Room({
    ...tuning,
    metrics,
    fanout: runtime.fanout,
    settings,
    auth,
    logger,
    webhooks: createWebhooks(() => room.settings),
    history: history && metrics ? metrics.timed(history) : history,
    msgIDFloor,
    lifecycle: processLifecycle(),
    reloadSettings: async () => (await loadSettings(cli.settingsPath)).settings,
    images: await createImageProcessor(logger),
    conversationLog: createConversationLog(() => room.settings.Logging.Directory, logger),
  });
  if (history) {
    await startRetention({
      history,
      retentionDays: () => room.settings.DirectMessageHistory.RetentionDays,
      clock: room.clock,
      timers: room.timers,
      logger,
    });
  }
  metrics?.watch(room);
  const current = () => room.settings;
  const assets = settings.ClientDirectory ? await openClientBuild(settings.ClientDirectory, logger) : await loadWebAssets(logger);
  const apiReference = apiReferenceLoader(logger);
  const server: Server = {
    cli,
    settings: current,
    room,
    logger,
    createApp: (ws) =>
      createApp({ room, settings: current, logger, assets, apiReference, history, fanout: runtime.fanout, metrics, ...ws }),
    listening(where, stopServer) {
      logger.info(`Listening at ${where}`);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info(`${signal} received, closing connections`);
        room.close(CLOSE_SERVICE_RESTART, 'service restart');
        // Let the close frames leave before the runtime's own shutdown (Deno's closes sockets with 1001).
        await new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS));
        await stopServer();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    },
  };
  return server;
}

/** The DM history database, migrated; a database that cannot be opened stops start-up with the reason. */
async function openHistory(settings: Settings, logger: Logger): Promise<DirectMessageHistory> {
  const target = databaseTarget(settings.DirectMessageHistory, process.env);
  try {
    const history = await openDatabaseHistory(target);
    logger.info(`DM history in ${target.file ?? target.url}`);
    return history;
  } catch (err) {
    console.error(`DirectMessageHistory: cannot open ${target.file ?? target.url}: ${(err as Error).message}`);
    process.exit(2);
  }
}

/** The original client's build (`ClientDirectory`); one that cannot be served stops start-up with the reason. */
async function openClientBuild(dir: string, logger: Logger): Promise<WebAssets> {
  try {
    return await loadClientBuild(dir, logger);
  } catch (err) {
    if (!(err instanceof ClientBuildError || err instanceof TemplateError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}
