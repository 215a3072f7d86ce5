import type { Client, InStatement } from '@libsql/client';
import type { MigrationMeta } from 'drizzle-orm/migrator';

/** drizzle's own bookkeeping table, so databases migrated by drizzle-kit or earlier versions agree. */
const JOURNAL = '"__drizzle_migrations"';

/**
 * Apply the migrations of drizzle/ that the database has not seen, in one batch with foreign keys
 * off, the way drizzle's libSQL migrator does; the migrations are given as data, so a Worker (no
 * file system) passes the ones bundled at build time and Node/Bun/Deno the ones read from drizzle/.
 */
export async function applyMigrations(client: Client, migrations: readonly MigrationMeta[]): Promise<void> {
  await client.execute(`CREATE TABLE IF NOT EXISTS ${JOURNAL} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
  const last = await client.execute(`SELECT id, hash, created_at FROM ${JOURNAL} ORDER BY created_at DESC LIMIT 1`);
  const lastAt = last.rows[0] ? Number(last.rows[0][2]) : undefined;
  const statements: InStatement[] = [];
  for (const migration of migrations) {
    if (lastAt !== undefined && lastAt >= migration.folderMillis) continue;
    statements.push(...migration.sql);
    statements.push({
      sql: `INSERT INTO ${JOURNAL} ("hash", "created_at") VALUES (?, ?)`,
      args: [migration.hash, migration.folderMillis],
    });
  }
  if (statements.length > 0) await client.migrate(statements);
}
