import { drizzle } from 'drizzle-orm/durable-sqlite';
import { migrate } from 'drizzle-orm/durable-sqlite/migrator';
import { embeddedMigrations } from '../store/embedded-migrations.ts';
import { DirectMessageHistory } from '../store/history.ts';
import * as schema from '../store/schema.ts';

/** A Durable Object's storage (`ctx.storage`); the object must be SQLite-backed. */
export type DurableStorage = Parameters<typeof drizzle>[0];

/**
 * DM history in a Durable Object's own SQLite (`ctx.storage.sql`), so history works on Workers
 * with no database server. Same table, same `drizzle/` migrations and same queries as the libSQL
 * store (`store/history.ts`). Call once in the object's constructor (inside
 * `ctx.blockConcurrencyWhile`), before any request reads history.
 */
export async function openDurableHistory(storage: DurableStorage): Promise<DirectMessageHistory> {
  const db = drizzle(storage, { schema });
  await migrate(db, embeddedMigrations);
  return new DirectMessageHistory(db);
}
