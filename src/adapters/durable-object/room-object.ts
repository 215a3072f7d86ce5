import { DurableObject } from 'cloudflare:workers';
import { createJwtService } from '../../auth/jwt.ts';
import type { ImageProcessor, Logger } from '../../core/ports.ts';
import { Room } from '../../core/room.ts';
import { addressOf } from '../../http/client-address.ts';
import { createApp } from '../../http/app.ts';
import type { WebAssets } from '../../http/pages.ts';
import { ChatSocket, refuseUpgrade, type ChatSocketOptions } from '../../http/ws.ts';
import { settingsFromBindings, type SettingsBindings } from '../../settings/bindings.ts';
import type { Settings } from '../../settings/schema.ts';
import type { DirectMessageHistory } from '../../store/history.ts';
import { startRetention } from '../../store/retention.ts';
import { createConsoleLogger } from '../console-logger.ts';
import { openDurableHistory, type DurableStorage } from '../durable-history.ts';
import { openRemoteHistory } from '../libsql-web-history.ts';
import { createWasmImageProcessor } from '../wasm-images.ts';
import { createWebhooks } from '../fetch-webhooks.ts';
import { AlarmTimers } from './alarm-timers.ts';
import { settingsFailure } from './settings-guard.ts';
import { SessionAttachments, sqlStateStore } from './sql-state.ts';
import {
  newWebSocketPair,
  upgradeResponse,
  type DurableObjectNamespace,
  type DurableObjectState,
  type Fetcher,
  type HibernatableWebSocket,
} from './workers.ts';

/** The Worker's bindings (wrangler.jsonc): settings, the room's object, the built chat page. */
export interface WorkerEnv extends SettingsBindings {
  ROOM: DurableObjectNamespace;
  /** Which room this deployment serves (default `room`); one object per name. */
  ROOM_NAME?: string;
  /** Workers static assets: the built chat client (dist/). */
  ASSETS: Fetcher;
  /** `true` for debug logging. */
  DEBUG?: string;
}

interface Running {
  room: Room;
  app: ReturnType<typeof createApp>;
  sockets: ChatSocketOptions;
  timers: AlarmTimers;
  logger: Logger;
}

/**
 * The chat room as a Durable Object: the one `Room` of src/core and the same Hono app as on Node.
 * WebSockets are accepted for hibernation: when the object is evicted while idle and rebuilt on the
 * next event, the constructor finds the sockets still open and rebuilds each session from the
 * snapshot kept with it; room-wide state comes back from the object's SQLite (see core/room-state.ts).
 */
export class RoomObject extends DurableObject<WorkerEnv> {
  private running: Running | undefined;
  /** Why the room could not start (broken settings, an unreachable database), for every answer. */
  private failure: string | undefined;
  private readonly chats = new Map<HibernatableWebSocket, ChatSocket>();
  private readonly attachments: SessionAttachments;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.attachments = new SessionAttachments(ctx.storage.sql);
    void ctx.blockConcurrencyWhile(() => this.start());
  }

  private async start(): Promise<void> {
    const logger = createConsoleLogger(this.env.DEBUG === 'true');
    let settings: Settings;
    try {
      const bound = settingsFromBindings(this.env);
      settings = bound.settings;
      for (const note of bound.notes) logger.info(note);
    } catch (err) {
      this.failure = settingsFailure(err);
      logger.error(this.failure);
      return;
    }
    // The ports of a Worker: images in WebAssembly; DM history in the object's own SQLite, or on a
    // remote libSQL server when DatabaseURL is set.
    const images: ImageProcessor = createWasmImageProcessor();
    let history: DirectMessageHistory | undefined;
    try {
      history = settings.DirectMessageHistory.Enabled ? await this.openHistory(settings, logger) : undefined;
    } catch (err) {
      const where = settings.DirectMessageHistory.DatabaseURL || "the object's storage";
      this.failure = `DirectMessageHistory: cannot open ${where}: ${(err as Error).message}`;
      logger.error(this.failure);
      return;
    }
    const timers = new AlarmTimers(this.ctx.storage, logger);
    const room: Room = new Room({
      settings,
      auth: createJwtService({ secret: () => room.settings.JWT.SecretKey }),
      logger,
      timers,
      state: sqlStateStore(this.ctx.storage.sql),
      history,
      msgIDFloor: await history?.lastMsgID(),
      webhooks: createWebhooks(() => room.settings),
      lifecycle: {
        exit: () => this.restart(),
        exitLater: (_code, ms) => void setTimeout(() => this.restart(), ms),
      },
      reloadSettings: async () => settingsFromBindings(this.env).settings,
      images,
      // Workers do not say how much a socket has queued; see wrangler-notes.md for what applies.
      measuresBuffering: false,
    });
    if (history) {
      await startRetention({
        history,
        retentionDays: () => room.settings.DirectMessageHistory.RetentionDays,
        clock: room.clock,
        timers,
        logger,
        // Only on the room's first start: a wake from hibernation keeps the daily schedule it had.
        immediately: !timers.scheduled('retention'),
      });
    }
    const sockets: ChatSocketOptions = {
      room,
      settings: () => room.settings,
      logger,
      bufferedAmount: () => 0,
      // Workers sockets cannot be cut without a close frame; the closest is closing at once.
      terminate: (raw) => closeQuietly(raw as HibernatableWebSocket, 1011, 'connection cut'),
      persist: (raw, snapshot) => {
        try {
          this.attachments.write(raw as HibernatableWebSocket, snapshot);
        } catch (err) {
          // The socket closed under us; its close event ends the session.
          logger.debug(`could not keep session ${snapshot.id} with its socket: ${String(err)}`);
        }
      },
    };
    const app = createApp({
      room,
      settings: () => room.settings,
      logger,
      assets: await pageTemplate(this.env.ASSETS, logger),
      history,
      bufferedAmount: sockets.bufferedAmount,
      terminate: sockets.terminate,
      remoteAddress: (c) => c.req.header('cf-connecting-ip') ?? '',
    });
    this.running = { room, app, sockets, timers, logger };
    this.restoreSockets(this.running);
  }

  /**
   * The object's own SQLite, or the remote database when DatabaseURL is set (Turso, sqld); either
   * is migrated from drizzle/'s migrations, embedded in the bundle.
   */
  private async openHistory(settings: Settings, logger: Logger): Promise<DirectMessageHistory> {
    const { DatabaseURL, AuthToken } = settings.DirectMessageHistory;
    if (!DatabaseURL) {
      logger.info("DM history in the room's Durable Object storage");
      return openDurableHistory(this.ctx.storage as unknown as DurableStorage);
    }
    const history = await openRemoteHistory({ url: DatabaseURL, authToken: AuthToken || undefined });
    logger.info(`DM history in ${DatabaseURL}`);
    return history;
  }

  /** Sockets that outlived the previous instance get their sessions back, silently. */
  private restoreSockets({ sockets, room, logger }: Running): void {
    const kept = new Set<number>();
    for (const ws of this.ctx.getWebSockets()) {
      const chat = new ChatSocket(sockets, ws, ws);
      this.chats.set(ws, chat);
      const snapshot = this.attachments.read(ws);
      if (!snapshot) {
        // Closed by a restart of the room (or its session never started): nothing to restore.
        this.chats.delete(ws);
        closeQuietly(ws, 1011, 'session lost');
        continue;
      }
      chat.restored(snapshot);
      kept.add(snapshot.id);
    }
    this.attachments.keepOnly(kept);
    const restored = kept.size + room.polling.size;
    if (restored > 0) logger.info(`room restored ${restored} sessions after hibernation`);
  }

  async fetch(request: Request): Promise<Response> {
    const running = this.running;
    if (!running) return new Response(this.failure ?? 'The chat room did not start.', { status: 500 });
    const refused = refuseUpgrade((name) => request.headers.get(name) ?? undefined);
    if (new URL(request.url).pathname === '/ws' && !refused) return this.accept(request, running);
    return running.app.fetch(request);
  }

  /** `/ws`: accept the socket for hibernation and hand it to the room, as the other runtimes do. */
  private accept(request: Request, { sockets, room }: Running): Response {
    const { client, server } = newWebSocketPair();
    this.ctx.acceptWebSocket(server);
    const chat = new ChatSocket(sockets, server, server);
    this.chats.set(server, chat);
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const address = addressOf(header, room.settings.UseXForwardedFor, () => header('cf-connecting-ip') ?? '');
    chat.opened(address, header('user-agent') ?? '');
    return upgradeResponse(client);
  }

  async webSocketMessage(ws: HibernatableWebSocket, message: string | ArrayBuffer): Promise<void> {
    await this.chats.get(ws)?.received(message);
  }

  webSocketClose(ws: HibernatableWebSocket, code: number, reason: string): void {
    this.ended(ws);
    // Complete the closing handshake (a status the client may not send back is answered with 1000).
    closeQuietly(ws, code === 1005 || code === 1006 || code === 1015 ? 1000 : code, reason);
  }

  webSocketError(ws: HibernatableWebSocket): void {
    this.ended(ws);
  }

  private ended(ws: HibernatableWebSocket): void {
    const chat = this.chats.get(ws);
    if (!chat) return;
    this.chats.delete(ws);
    const id = chat.sessionId;
    chat.closed();
    if (id !== undefined) this.attachments.forget(id);
  }

  async alarm(): Promise<void> {
    await this.running?.timers.run();
  }

  /** Close every socket (the local runner's SIGINT/SIGTERM: 1012, as the other runtimes do). */
  closeAll(code: number, reason: string): void {
    this.running?.room.close(code, reason);
    this.chats.clear();
    // A socket still closing must not come back as a session when the room is built again.
    for (const ws of this.ctx.getWebSockets()) ws.serializeAttachment(null);
  }

  /**
   * /api/shutdown and /shutdown: a Worker has no process to exit, so the room restarts in place:
   * every socket is closed with 1012 (service restart; clients reconnect) and a new room is built
   * from the stored state, as a new process would find it.
   */
  private restart(): void {
    this.running?.logger.info('restarting the room: closing every socket with 1012');
    this.closeAll(1012, 'service restart');
    this.running = undefined;
    void this.ctx.blockConcurrencyWhile(() => this.start());
  }
}

function closeQuietly(ws: HibernatableWebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closed
  }
}

/** The page template from the static assets (the Worker serves the other files itself). */
async function pageTemplate(assets: Fetcher, logger: Logger): Promise<WebAssets> {
  let index: string | undefined;
  try {
    const res = await assets.fetch('https://assets.invalid/index.html');
    if (res.ok) index = await res.text();
    else logger.warn(`The chat client is not built (index.html: ${res.status}); run \`npm run build\` before deploying.`);
  } catch (err) {
    logger.warn(`The chat client could not be read: ${(err as Error).message}`);
  }
  return { index: () => index, file: () => undefined };
}
