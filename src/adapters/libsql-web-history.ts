import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { MigrationMeta } from 'drizzle-orm/migrator';
import type { SQLiteAsyncDialect, SQLiteSession } from 'drizzle-orm/sqlite-core';
import type { DatabaseTarget } from '../store/db.ts';
import { embeddedMigrations } from '../store/embedded-migrations.ts';
import { DirectMessageHistory } from '../store/history.ts';
import * as schema from '../store/schema.ts';

/** The parts of a drizzle database its own migrators use; drizzle 0.45 keeps them off its types. */
interface DrizzleInternals {
  dialect: SQLiteAsyncDialect;
  session: SQLiteSession<'async', unknown, typeof schema, never>;
}

/** The embedded migrations as drizzle's dialects apply them: statements split at drizzle-kit's breakpoints. */
export function migrationList(): MigrationMeta[] {
  const { journal, migrations } = embeddedMigrations;
  return journal.entries.map((entry) => {
    const text = migrations[`m${String(entry.idx).padStart(4, '0')}` as keyof typeof migrations];
    // An empty hash, as drizzle's durable-sqlite migrator records; the migrators compare only `created_at`.
    return { sql: text.split('--> statement-breakpoint'), bps: entry.breakpoints, folderMillis: entry.when, hash: '' };
  });
}

/**
 * DM history on a remote libSQL server (sqld, Turso) over HTTP with `@libsql/client/web`, for
 * Workers (no native addon, no file system), migrated from the `drizzle/` files in the bundle.
 */
export async function openRemoteHistory(target: Pick<DatabaseTarget, 'url' | 'authToken'>): Promise<DirectMessageHistory> {
  const client = createClient({ url: target.url, authToken: target.authToken });
  try {
    const db = drizzle(client, { schema });
    // drizzle's libSQL migrator reads a folder; its SQLite dialect applies the same list from memory.
    const { dialect, session } = db as unknown as DrizzleInternals;
    await dialect.migrate(migrationList(), session);
    return new DirectMessageHistory(db, () => client.close());
  } catch (err) {
    client.close();
    throw err;
  }
}
