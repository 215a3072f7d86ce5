import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Logger } from '../core/ports.ts';
import type { Room } from '../core/room.ts';
import type { Settings } from '../settings/schema.ts';
import { registerStatistics } from './api/statistics.ts';
import { jsonResponse } from './json.ts';
import { registerWebSocket, type WebSocketRouteOptions } from './ws.ts';

export interface AppOptions {
  room: Room;
  /** The live settings (they change on /reconfigure). */
  settings: () => Settings;
  logger: Logger;
  upgradeWebSocket: WebSocketRouteOptions['upgradeWebSocket'];
  bufferedAmount: WebSocketRouteOptions['bufferedAmount'];
  remoteAddress: WebSocketRouteOptions['remoteAddress'];
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
    cors({
      origin: (origin) => (opts.settings().CORSHosts.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type'],
    }),
  );
  registerStatistics(app, opts.room);
  registerWebSocket(app, opts);

  app.notFound((c) => c.text('404 page not found', 404));
  return app;
}
