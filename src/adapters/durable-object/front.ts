import { Hono } from 'hono';
import { assetHeaders, pageSecurity } from '../../http/pages.ts';
import type { WorkerEnv } from './room-object.ts';
import { settingsProblem } from './settings-guard.ts';

/**
 * The Worker in front of the room: built files from Workers static assets, everything else (the
 * page, which needs the room's settings and cached blocklists, `/ws`, `/poll`, `/api/*`) to the
 * room's Durable Object. A broken settings binding answers every request with a 500 that says why.
 */
export function createWorkerApp(): Hono<{ Bindings: WorkerEnv }> {
  const app = new Hono<{ Bindings: WorkerEnv }>();
  app.use('*', async (c, next) => {
    const problem = settingsProblem(c.env);
    if (problem) return c.text(problem, 500);
    await next();
  });
  app.on(['GET', 'HEAD'], ['/assets/*', '/static/*'], pageSecurity, async (c) => {
    const file = await c.env.ASSETS.fetch(c.req.raw);
    if (!file.ok) return c.text('404 page not found', 404);
    const type = file.headers.get('content-type') ?? 'application/octet-stream';
    return c.body(file.body, 200, assetHeaders(c.req.path, type));
  });
  app.all('*', async (c) => {
    const rooms = c.env.ROOM;
    const res = await rooms.get(rooms.idFromName(c.env.ROOM_NAME || 'room')).fetch(c.req.raw);
    // Connections are the platform's on Workers: the app's `Connection: close` (an answer given before
    // reading a large body) would make workerd drop a connection the client is still using.
    if (res.status === 101 || !res.headers.has('connection')) return res;
    const out = new Response(res.body, res);
    out.headers.delete('connection');
    return out;
  });
  return app;
}
