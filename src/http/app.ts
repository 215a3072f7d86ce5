import { Hono } from 'hono';
import type { Logger } from '../core/ports.ts';
import type { Room } from '../core/room.ts';
import type { Settings } from '../settings/schema.ts';
import { registerAdminApi } from './api/admin.ts';
import type { DirectMessageHistory } from '../store/history.ts';
import { registerMessageClear } from './api/message-clear.ts';
import { registerMessageHistory } from './api/message-history.ts';
import { registerMessageUsernames } from './api/message-usernames.ts';
import { registerProfile } from './api/profile.ts';
import { registerStatistics } from './api/statistics.ts';
import { corsForHosts } from './cors.ts';
import { jsonResponse } from './json.ts';
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
}

/** The whole HTTP surface on Web-standard Request/Response; runtimes only serve it. */
export function createApp(opts: AppOptions): Hono {
  const app = new Hono();
  app.onError((err, c) => {
    opts.logger.error(`${c.req.method} ${c.req.path}: ${err.stack ?? String(err)}`);
    return jsonResponse(c, { OK: false, Error: 'Internal server error.' }, 500);
  });

  app.use(
    '/api/*',
    corsForHosts(() => opts.settings().CORSHosts),
  );
  registerStatistics(app, opts.room);
  registerAdminApi(app, opts);
  registerProfile(app, opts.room);
  registerMessageHistory(app, opts.room, opts.history);
  registerMessageUsernames(app, opts.room, opts.history);
  registerMessageClear(app, opts.room, opts.history);
  registerWebSocket(app, opts);
  registerPoll(app, opts);
  registerPages(app, opts);

  app.notFound((c) => (servesChatPage(c.req.path) ? chatPage(c, opts) : c.text('404 page not found', 404)));
  return app;
}
