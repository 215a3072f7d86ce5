import type { Context, Hono } from 'hono';
import type * as v from 'valibot';
import { AUTH_DENIED, apiKeyMatches } from '../../auth/api-key.ts';
import type { Logger } from '../../core/ports.ts';
import type { Room } from '../../core/room.ts';
import type { Settings } from '../../settings/schema.ts';
import type { ApiKeyField } from '../../../packages/admin-client/src/schemas.ts';
import { clientAddress } from '../client-address.ts';
import type { FailedKeyGuard } from './rate-limit.ts';
import { apiError, readApiBody } from './request.ts';

export interface AdminApiOptions {
  room: Room;
  settings: () => Settings;
  logger: Logger;
  remoteAddress: (c: Context) => string;
  /** The failed-key guard shared by every endpoint that takes the API key. */
  failedKeys: FailedKeyGuard;
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

/**
 * The API key a caller offers: the body's `APIKey`, else `Authorization: Bearer <key>`. Both
 * present and different is a conflict (`undefined`, refused like a wrong key) rather than a guess.
 */
export function offeredApiKey(c: Context, bodyKey: string): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  const bearer = match?.[1];
  if (!bodyKey) return bearer ?? '';
  return bearer === undefined || bearer === bodyKey ? bodyKey : undefined;
}

/** The constant-time key check, with a conflicting body and header never accepted. */
export async function keyAccepted(offered: string | undefined, configured: string): Promise<boolean> {
  return offered !== undefined && (await apiKeyMatches(offered, configured));
}

export function createAdminApi(app: Hono, opts: AdminApiOptions): AdminApi {
  const limitFailures = opts.failedKeys;
  return {
    room: opts.room,
    endpoint(paths, schema, failure, handle) {
      const guard = limitFailures(failure);
      for (const path of paths) {
        app.all(path, guard, async (c) => {
          const read = await readApiBody(c, schema, failure);
          if (!read.ok) return read.response;
          // AdminSchema guarantees the field; TypeScript cannot see through the generic schema.
          const offered = offeredApiKey(c, (read.body as { APIKey: string }).APIKey);
          if (!(await keyAccepted(offered, opts.settings().AdminAPIKey))) {
            opts.logger.warn(`${path}: refused a wrong APIKey`, {
              route: path,
              address: clientAddress(c, opts.settings().UseXForwardedFor, opts.remoteAddress),
            });
            return apiError(c, 401, AUTH_DENIED, failure);
          }
          return handle(c, read.body);
        });
      }
    },
  };
}
