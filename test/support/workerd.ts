import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../../scripts/worker-bundle.ts';

const EDGE_WORKER = resolve(import.meta.dirname, '../fixtures/edge-worker.ts');

export interface EdgeWorker {
  /** A request to the test Worker (test/fixtures/edge-worker.ts), through workerd. */
  fetch(path: string, init?: { method?: string; body?: Uint8Array | string }): Promise<Response>;
  /** Restart the Worker and its objects, as a deploy does; Durable Object storage stays. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Bundle the edge adapters' test Worker as a deployment would be, and run it in workerd with Miniflare. */
export async function startEdgeWorker(bindings: Record<string, string> = {}): Promise<EdgeWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'barertc-edge-worker-'));
  const bundle = await bundleWorker(EDGE_WORKER, dir);
  const options = {
    ...bundle,
    compatibilityDate: '2026-04-20',
    durableObjects: { HISTORY: { className: 'HistoryObject', useSQLite: true } },
    bindings,
    host: '127.0.0.1',
  };
  const mf = new Miniflare(options);
  await mf.ready;
  return {
    async fetch(path, init = {}) {
      // Miniflare's fetch types are undici's; the answer is read as a standard Response.
      const res = await mf.dispatchFetch(`http://edge.test${path}`, { method: init.method ?? 'POST', body: init.body });
      return new Response(await res.arrayBuffer(), { status: res.status, headers: Object.fromEntries(res.headers) });
    },
    async restart() {
      await mf.setOptions(options);
    },
    async stop() {
      await mf.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
