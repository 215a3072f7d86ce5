import { defineConfig } from 'drizzle-kit';

/** Only `npm run db:generate` reads this; the server applies drizzle/ itself (src/store/db.ts). */
export default defineConfig({
  dialect: 'turso',
  schema: './src/store/schema.ts',
  out: './drizzle',
});
