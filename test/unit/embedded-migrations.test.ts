import { resolve } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../scripts/embed-migrations.ts';
import { migrationList } from '../../src/adapters/libsql-web-history.ts';
import { embeddedMigrations } from '../../src/store/embedded-migrations.ts';

describe('the migrations embedded for Workers', () => {
  it('are the drizzle/ folder as it is (run `npm run db:generate` after adding a migration)', () => {
    expect(embeddedMigrations).toEqual(readMigrations());
  });

  it('become the same statements that the libSQL migrator applies from the folder on Node', () => {
    const fromFolder = readMigrationFiles({ migrationsFolder: resolve(import.meta.dirname, '../../drizzle') });
    const strip = ({ hash: _, ...rest }: { hash: string }) => rest;
    expect(migrationList().map(strip)).toEqual(fromFolder.map(strip));
  });
});
