import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type * as Esbuild from 'esbuild';

/** One module of a Worker, as Miniflare's `modules` option lists them (named by its path below `modulesRoot`). */
export interface WorkerModule {
  type: 'ESModule' | 'CompiledWasm';
  path: string;
}

/** Miniflare options for a bundled Worker: spread them into `new Miniflare({ ... })`. */
export interface WorkerBundle {
  modules: WorkerModule[];
  modulesRoot: string;
}

// The esbuild that wrangler bundles with, so a local run and `wrangler deploy` build alike.
const esbuild: typeof Esbuild = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'))('esbuild');

/**
 * Bundle a Worker entry into `outdir` the way wrangler does, and list its modules for Miniflare.
 *
 * workerd compiles no WebAssembly from bytes at run time, so each `.wasm` a package imports
 * (photon's codec) is copied beside the bundle and loaded as a `CompiledWasm` module: the import
 * gives a ready `WebAssembly.Module` (wrangler's default rules do the same on deploy).
 */
export async function bundleWorker(entry: string, outdir: string): Promise<WorkerBundle> {
  const result = await esbuild.build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['cloudflare:*'],
    loader: { '.wasm': 'copy' },
    metafile: true,
    logLevel: 'silent',
  });
  const modules = Object.keys(result.metafile.outputs)
    .map((file) => resolve(file))
    .filter((path) => path.endsWith('.js') || path.endsWith('.wasm'))
    .map((path): WorkerModule => ({ type: path.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path }));
  // Miniflare runs the first module as the entry.
  modules.sort((a, b) => Number(b.type === 'ESModule') - Number(a.type === 'ESModule'));
  return { modules, modulesRoot: resolve(outdir) };
}
