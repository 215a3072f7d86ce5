import type { Context, Hono } from 'hono';
import type * as v from 'valibot';
import { apiKeyMatches } from '../../auth/api-key.ts';
import type { Logger } from '../../core/ports.ts';
import type { Room } from '../../core/room.ts';
import type { Settings } from '../../settings/schema.ts';
import type { ApiKeyField } from './admin-schemas.ts';
import { failedKeyLimiter } from './rate-limit.ts';
import { apiError, readApiBody } from './request.ts';

export interface AdminApiOptions {
  room: Room;
  settings: () => Settings;
  logger: Logger;
  remoteAddress: (c: Context) => string;
}

type AdminSchema = v.ObjectSchema<{ APIKey: typeof ApiKeyField } & v.ObjectEntries, undefined>;

export interface AdminApi {
  room: Room;
  /**
   * Register an admin endpoint: failed-key rate limit, the shared request preamble, then the
   * API-key check (401, no side effect), and only then `handle`. `failure` is the endpoint's reply
   * with its fields at zero values, used for every error answer.
   */
  endpoint<S extends AdminSchema>(
    paths: string[],
    schema: S,
    failure: Record<string, unknown>,
    handle: (c: Context, body: v.InferOutput<S>) => Response | Promise<Response>,
  ): void;
}

export function createAdminApi(app: Hono, opts: AdminApiOptions): AdminApi {
  const limitFailures = failedKeyLimiter(opts);
  return {
    room: opts.room,
    endpoint(paths, schema, failure, handle) {
      const guard = limitFailures(failure);
      for (const path of paths) {
        app.all(path, guard, async (c) => {
          const read = await readApiBody(c, schema, failure);
          if (!read.ok) return read.response;
          // AdminSchema guarantees the field; TypeScript cannot see through the generic schema.
          const offered = (read.body as { APIKey: string }).APIKey;
          if (!(await apiKeyMatches(offered, opts.settings().AdminAPIKey))) {
            opts.logger.warn(`${path}: refused a wrong APIKey`);
            return apiError(c, 401, 'Authentication denied.', failure);
          }
          return handle(c, read.body);
        });
      }
    },
  };
}
