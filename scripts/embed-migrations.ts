import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
export const EMBEDDED = join(ROOT, 'src/store/embedded-migrations.ts');

export interface Migrations {
  journal: { entries: { idx: number; when: number; tag: string; breakpoints: boolean }[] };
  /** Each file's SQL by `m` and its four-digit index, as drizzle's durable-sqlite migrator looks them up. */
  migrations: Record<string, string>;
}

/** The journal and SQL files of a drizzle-kit migrations folder. */
export function readMigrations(folder = join(ROOT, 'drizzle')): Migrations {
  const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as Migrations['journal'];
  const entries = journal.entries.map(({ idx, when, tag, breakpoints }) => ({ idx, when, tag, breakpoints }));
  const migrations: Record<string, string> = {};
  for (const entry of entries) {
    migrations[`m${String(entry.idx).padStart(4, '0')}`] = readFileSync(join(folder, `${entry.tag}.sql`), 'utf8');
  }
  return { journal: { entries }, migrations };
}

/**
 * `npm run db:generate` ends here: drizzle/ goes into src/store/embedded-migrations.ts, so a
 * runtime without a file system (Workers) migrates from plain module data, with no bundler rule.
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(
    EMBEDDED,
    '// Generated from drizzle/ by scripts/embed-migrations.ts (`npm run db:generate`); do not edit.\n' +
      `export const embeddedMigrations = ${JSON.stringify(readMigrations())};\n`,
  );
  execFileSync(join(ROOT, 'node_modules/.bin/biome'), ['format', '--write', EMBEDDED], { stdio: 'inherit' });
}
