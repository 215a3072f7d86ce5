import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MiniflareOptions } from 'miniflare';
import type { WorkerBundle } from '../../scripts/worker-bundle.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The parts of wrangler.jsonc that running the Worker locally needs. */
export interface WranglerConfig {
  compatibility_date: string;
  compatibility_flags?: string[];
  assets: { directory: string; binding: string; run_worker_first?: boolean; html_handling?: string; not_found_handling?: string };
  durable_objects: { bindings: { name: string; class_name: string }[] };
  migrations: { new_sqlite_classes?: string[] }[];
  vars?: Record<string, string>;
}

/** wrangler.jsonc, the deployment's one description (its comments are whole lines). */
export function readWranglerConfig(path = resolve(ROOT, 'wrangler.jsonc')): WranglerConfig {
  const text = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
  return JSON.parse(text) as WranglerConfig;
}

export interface LocalWorker {
  /** The bundle from src/runtime/worker-build.ts: its modules and their folder. */
  bundle: WorkerBundle;
  hostname: string;
  port: number;
  /** Bindings on top of wrangler.jsonc's vars: SETTINGS_TOML, secrets, DEBUG. */
  bindings: Record<string, string>;
  /** Where the objects' SQLite storage is kept between runs. */
  persistTo: string;
}

/** Miniflare options that run the Worker as wrangler.jsonc describes it: the object, its SQLite, the assets. */
export function miniflareOptions(worker: LocalWorker, config = readWranglerConfig()): MiniflareOptions {
  const sqlite = new Set(config.migrations.flatMap((m) => m.new_sqlite_classes ?? []));
  const { assets } = config;
  return {
    host: worker.hostname,
    port: worker.port,
    ...worker.bundle,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    durableObjects: Object.fromEntries(
      config.durable_objects.bindings.map((b) => [b.name, { className: b.class_name, useSQLite: sqlite.has(b.class_name) }]),
    ),
    durableObjectsPersist: worker.persistTo,
    assets: {
      directory: resolve(ROOT, assets.directory),
      binding: assets.binding,
      routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: assets.run_worker_first === true },
      assetConfig: {
        html_handling: assets.html_handling as 'none' | undefined,
        not_found_handling: assets.not_found_handling as 'none' | undefined,
      },
    },
    bindings: { ...config.vars, ...worker.bindings },
  };
}
