import process from 'node:process';
import { createJwtService } from '../auth/jwt.ts';
import { encodeHs256WithNodeCrypto } from '../auth/node-hs256.ts';
import { Room, type RoomOptions } from '../core/room.ts';
import type { Logger } from '../core/ports.ts';
import { createApp, type AppOptions } from '../http/app.ts';
import type { RuntimeFanout } from '../http/ws.ts';
import { createConsoleLogger } from '../adapters/console-logger.ts';
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
import { loadWebAssets } from './web-assets.ts';

export interface Server {
  cli: CliOptions;
  settings: () => Settings;
  room: Room;
  logger: Logger;
  /** Build the Hono app once the runtime has said how it upgrades WebSockets. */
  createApp(
    ws: Pick<AppOptions, 'upgradeWebSocket' | 'bufferedAmount' | 'terminate' | 'remoteAddress'>,
  ): ReturnType<typeof createApp>;
  /** Log where we listen and close politely on SIGINT/SIGTERM, exiting 0. */
  listening(where: string, stopServer: () => void | Promise<void>): void;
}

/** Room options a benchmark entry sets before it imports a runtime entry; never read from settings. */
export const roomTuning: Pick<RoomOptions, 'whoWindowMs'> = {};

/**
 * Everything before serving that is the same on every runtime: flags, settings, the room.
 * A runtime with a native one-to-many send passes it as `fanout`.
 */
export async function bootstrap(runtime: { fanout?: RuntimeFanout } = {}): Promise<Server> {
  let cli: CliOptions;
  let settings: Settings;
  const logger0 = createConsoleLogger(false);
  try {
    cli = parseCli(process.argv.slice(2), process.env);
    const loaded = await loadSettings(cli.settingsPath);
    settings = loaded.settings;
    for (const note of loaded.notes) logger0.info(note);
  } catch (err) {
    if (err instanceof UsageError || err instanceof SettingsError) {
      console.error(err.message);
      process.exit(err instanceof UsageError && err.message.startsWith('Usage') ? 0 : 2);
    }
    throw err;
  }
  const logger = createConsoleLogger(cli.debug);
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
  const room: Room = new Room({
    ...roomTuning,
    fanout: runtime.fanout,
    settings,
    auth,
    logger,
    webhooks: createWebhooks(() => room.settings),
    history,
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
  const current = () => room.settings;
  const assets = await loadWebAssets(logger);
  const server: Server = {
    cli,
    settings: current,
    room,
    logger,
    createApp: (ws) => createApp({ room, settings: current, logger, assets, history, fanout: runtime.fanout, ...ws }),
    listening(where, stopServer) {
      logger.info(`Listening at ${where}`);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info(`${signal} received, closing connections`);
        room.close(1001, 'server shutting down');
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
