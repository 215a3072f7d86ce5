import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { MigrationMeta } from 'drizzle-orm/migrator';
import { DirectMessageHistory } from './history.ts';
import { applyMigrations } from './migrations.ts';
import * as schema from './schema.ts';

/**
 * The DM history on a remote libSQL server (Turso, sqld) over HTTP, with no native code or file
 * access: what a Worker uses. `migrations` are drizzle/'s, bundled at build time.
 */
export async function openRemoteHistory(
  target: { url: string; authToken?: string },
  migrations: readonly MigrationMeta[],
): Promise<DirectMessageHistory> {
  const client = createClient({ url: target.url, authToken: target.authToken });
  try {
    await applyMigrations(client, migrations);
  } catch (err) {
    client.close();
    throw err;
  }
  return new DirectMessageHistory(client, drizzle(client, { schema }));
}
