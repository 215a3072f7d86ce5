import { fileURLToPath } from 'node:url';
import { bundleWorker, type WorkerBundle } from '../../scripts/worker-bundle.ts';

const ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * Bundle the Worker (src/runtime/worker.ts) into `outdir` as wrangler does on deploy (its esbuild,
 * the workerd export conditions, photon's WebAssembly beside the bundle), for Miniflare.
 */
export function buildWorker(outdir: string): Promise<WorkerBundle> {
  return bundleWorker(ENTRY, outdir);
}
