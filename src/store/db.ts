import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Settings } from '../settings/schema.ts';
import { DirectMessageHistory } from './history.ts';
import * as schema from './schema.ts';

export type HistoryDb = LibSQLDatabase<typeof schema>;

/** Where the DM history lives: a local file or a remote libSQL/Turso server. */
export interface DatabaseTarget {
  url: string;
  authToken?: string;
  /** The local file, for an embedded database. */
  file?: string;
}

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * The database from settings; `BARERTC_DATABASE_URL` / `BARERTC_DATABASE_AUTH_TOKEN` override the
 * file's values so secrets can stay out of settings.toml. A relative file path is relative to the
 * working directory, as in the original.
 */
export function databaseTarget(
  config: Settings['DirectMessageHistory'],
  env: Record<string, string | undefined>,
): DatabaseTarget {
  const url = env['BARERTC_DATABASE_URL'] || config.DatabaseURL;
  const authToken = env['BARERTC_DATABASE_AUTH_TOKEN'] || config.AuthToken || undefined;
  if (url) return { url, authToken };
  const file = resolve(config.SQLiteDatabase);
  return { url: pathToFileURL(file).href, file };
}

/** Open the database (creating a local file and its folder on first run) and bring its schema up to date. */
export async function openDatabase(target: DatabaseTarget): Promise<{ client: Client; db: HistoryDb }> {
  if (target.file) await mkdir(dirname(target.file), { recursive: true });
  const client = createClient({ url: target.url, authToken: target.authToken, timeout: 5 });
  try {
    // WAL: one fsync per stored DM instead of several, and readers never wait for the writer.
    if (target.file) await client.execute('PRAGMA journal_mode = WAL');
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: MIGRATIONS });
    return { client, db };
  } catch (err) {
    client.close();
    throw err;
  }
}

/** The DM history on libSQL (embedded file or remote), migrated. */
export async function openHistory(target: DatabaseTarget): Promise<DirectMessageHistory> {
  const { client, db } = await openDatabase(target);
  return new DirectMessageHistory(db, () => client.close());
}
