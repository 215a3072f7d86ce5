import type { MigrationMeta } from 'drizzle-orm/migrator';
import journal from '../../drizzle/meta/_journal.json';

/** The `drizzle/` migrations in the shape drizzle's durable-sqlite migrator takes: the journal and each file's SQL. */
export interface BundledMigrations {
  journal: typeof journal;
  migrations: Record<string, string>;
}

/**
 * The `drizzle/` migrations compiled into a Worker bundle, for runtimes without a file system.
 * Only a bundler can load this module: esbuild turns the template import into every
 * `drizzle/*.sql` file, read as text (`scripts/worker-bundle.ts` sets the loader), so a new
 * migration needs no change here.
 */
export async function bundledMigrations(): Promise<BundledMigrations> {
  const migrations: Record<string, string> = {};
  for (const entry of journal.entries) {
    const file = (await import(`../../drizzle/${entry.tag}.sql`)) as { default: string };
    migrations[`m${String(entry.idx).padStart(4, '0')}`] = file.default;
  }
  return { journal, migrations };
}

/** The same migrations as drizzle's SQL dialects apply them: statements split at drizzle-kit's breakpoints. */
export function migrationList({ journal, migrations }: BundledMigrations): MigrationMeta[] {
  return journal.entries.map((entry) => {
    const text = migrations[`m${String(entry.idx).padStart(4, '0')}`];
    if (text === undefined) throw new Error(`migration ${entry.tag} is missing from the bundle`);
    // An empty hash, as drizzle's durable-sqlite migrator records; the migrators compare only `created_at`.
    return { sql: text.split('--> statement-breakpoint'), bps: entry.breakpoints, folderMillis: entry.when, hash: '' };
  });
}
