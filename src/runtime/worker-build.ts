import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** Where `npm run build:worker` writes the Worker (wrangler.jsonc's `main`). */
export const WORKER_BUNDLE = fileURLToPath(new URL('../../dist-worker/worker.js', import.meta.url));
const ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** drizzle/'s migrations as data in the bundle: a Worker has no folder to read them from. */
const migrations: Plugin = {
  name: 'drizzle-migrations',
  setup(b) {
    b.onResolve({ filter: /^virtual:drizzle-migrations$/ }, (args) => ({ path: args.path, namespace: 'migrations' }));
    b.onLoad({ filter: /.*/, namespace: 'migrations' }, () => ({
      contents: `export default ${JSON.stringify(readMigrationFiles({ migrationsFolder: MIGRATIONS }))};`,
      loader: 'js',
    }));
  },
};

/**
 * Bundle the Worker (src/runtime/worker.ts) into one ES module for workerd: the package export
 * conditions that pick web builds (`@libsql/client` resolves to its HTTP client), `cloudflare:*`
 * left to the runtime. The same file runs locally (npm run start:worker) and is what wrangler deploys.
 */
export async function buildWorker(outfile = WORKER_BUNDLE): Promise<void> {
  await mkdir(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['cloudflare:*'],
    plugins: [migrations],
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWorker(process.argv[2]);
  console.log(`Worker bundled into ${process.argv[2] ?? WORKER_BUNDLE}`);
}
