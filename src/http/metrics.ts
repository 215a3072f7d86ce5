import type { Hono } from 'hono';
import { routePath } from 'hono/route';
import { AUTH_DENIED } from '../auth/api-key.ts';
import type { Metrics } from '../core/ports.ts';
import type { Settings } from '../settings/schema.ts';
import { keyAccepted, offeredApiKey } from './api/admin-endpoint.ts';
import type { FailedKeyGuard } from './api/rate-limit.ts';
import { jsonResponse } from './json.ts';

/** Counters that can also be read out in the Prometheus text format. */
export interface ScrapedMetrics extends Metrics {
  readonly contentType: string;
  render(): Promise<string>;
}

/**
 * Time every request under its route pattern (`/api/profile`, `/assets/*`), never the raw path, so
 * the number of label values stays that of the routes; requests nothing matched count as `other`.
 */
export function measureRequests(app: Hono, metrics: Metrics): void {
  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    const route = routePath(c);
    metrics.httpRequest(route === '*' ? 'other' : route, c.res.status, (performance.now() - start) / 1000);
  });
}

/** `GET /metrics` for Prometheus: only with `Authorization: Bearer <AdminAPIKey>`, 401 JSON otherwise. */
export function registerMetrics(app: Hono, metrics: ScrapedMetrics, settings: () => Settings, failedKeys: FailedKeyGuard): void {
  app.all('/metrics', failedKeys({}), async (c) => {
    if (!(await keyAccepted(offeredApiKey(c, ''), settings().AdminAPIKey))) {
      return jsonResponse(c, { OK: false, Error: AUTH_DENIED }, 401);
    }
    if (c.req.method !== 'GET') return jsonResponse(c, { OK: false, Error: 'Only GET methods allowed' }, 405);
    return c.body(await metrics.render(), 200, { 'Content-Type': metrics.contentType });
  });
}
