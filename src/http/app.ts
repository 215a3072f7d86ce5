import { Hono } from 'hono';
import type { Logger } from '../core/ports.ts';
import type { Room } from '../core/room.ts';
import type { Settings } from '../settings/schema.ts';
import { registerAdminApi } from './api/admin.ts';
import type { DirectMessageHistory } from '../store/history.ts';
import { registerMessageClear } from './api/message-clear.ts';
import { registerMessageHistory } from './api/message-history.ts';
import { registerMessageUsernames } from './api/message-usernames.ts';
import { registerOpenApi } from './api/openapi.ts';
import { registerProfile } from './api/profile.ts';
import { failedKeyLimiter } from './api/rate-limit.ts';
import { registerStatistics } from './api/statistics.ts';
import { corsForHosts } from './cors.ts';
import { registerHealth } from './health.ts';
import { jsonResponse } from './json.ts';
import { measureRequests, registerMetrics, type ScrapedMetrics } from './metrics.ts';
import { registerPoll } from './poll.ts';
import { chatPage, registerPages, servesChatPage, type WebAssets } from './pages.ts';
import { registerWebSocket, type WebSocketRouteOptions } from './ws.ts';

export interface AppOptions {
  room: Room;
  /** The live settings (they change on /reconfigure). */
  settings: () => Settings;
  logger: Logger;
  /** DM history for the /api/message/* endpoints; undefined when disabled. */
  history?: DirectMessageHistory;
  upgradeWebSocket?: WebSocketRouteOptions['upgradeWebSocket'];
  bufferedAmount: WebSocketRouteOptions['bufferedAmount'];
  terminate: WebSocketRouteOptions['terminate'];
  remoteAddress: WebSocketRouteOptions['remoteAddress'];
  /** The built chat client served at `/`, `/assets/*` and `/static/*`. */
  assets: WebAssets;
  fanout?: WebSocketRouteOptions['fanout'];
  /** Scalar's standalone bundle for the `/api/docs` page, as the runtime reads it. */
  apiReference?: () => Promise<Uint8Array | undefined>;
  /** Monitoring: requests are timed and `/metrics` answers when given. */
  metrics?: ScrapedMetrics;
}

/** The whole HTTP surface on Web-standard Request/Response; runtimes only serve it. */
export function createApp(opts: AppOptions): Hono {
  const app = new Hono();
  app.onError((err, c) => {
    opts.logger.error(`${c.req.method} ${c.req.path}: ${err.stack ?? String(err)}`, { method: c.req.method, route: c.req.path });
    return jsonResponse(c, { OK: false, Error: 'Internal server error.' }, 500);
  });

  registerHealth(app, opts.room, opts.history);
  if (opts.metrics) measureRequests(app, opts.metrics);
  app.use(
    '/api/*',
    corsForHosts(() => opts.settings().CORSHosts),
  );
  registerOpenApi(app, opts.apiReference ?? (async () => undefined));
  registerStatistics(app, opts.room);
  const failedKeys = failedKeyLimiter(opts);
  if (opts.metrics) registerMetrics(app, opts.metrics, opts.settings, failedKeys);
  registerAdminApi(app, { ...opts, failedKeys });
  registerProfile(app, opts.room);
  registerMessageHistory(app, opts.room, opts.history);
  registerMessageUsernames(app, opts.room, opts.history);
  registerMessageClear(app, opts.room, opts.history, failedKeys);
  registerWebSocket(app, opts);
  registerPoll(app, opts);
  registerPages(app, opts);

  app.notFound((c) => (servesChatPage(c.req.path) ? chatPage(c, opts) : c.text('404 page not found', 404)));
  return app;
}
