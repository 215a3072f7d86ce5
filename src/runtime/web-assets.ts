import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../core/ports.ts';
import type { WebAssets } from '../http/pages.ts';

/** Where `npm run build` (run by `npm ci`) puts the chat client. */
export const WEB_BUILD_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * The built client, read into memory once at start-up: it is small, and serving from memory
 * works the same on Node, Bun and Deno. A missing build is logged, and the page says how to build.
 */
export async function loadWebAssets(logger: Logger, dir = WEB_BUILD_DIR): Promise<WebAssets> {
  const files = new Map<string, { body: Uint8Array; type: string }>();
  let index: string | undefined;
  try {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const url = '/' + relative(dir, path).split(sep).join('/');
      const body = new Uint8Array(await readFile(path));
      if (url === '/index.html') index = new TextDecoder().decode(body);
      else files.set(url, { body, type: TYPES[extname(path)] ?? 'application/octet-stream' });
    }
  } catch (err) {
    logger.warn(`The chat client is not built (${(err as Error).message}); run \`npm run build\`.`);
  }
  return { index: () => index, file: (path) => files.get(path) };
}

/** Scalar's standalone API reference bundle (an npm dependency), for `/api/docs`. */
export const API_REFERENCE_BUNDLE = fileURLToPath(
  new URL('../../node_modules/@scalar/api-reference/dist/browser/standalone.js', import.meta.url),
);

/** The bundle, read into memory on first use (most servers never show the page); undefined, logged, when missing. */
export function apiReferenceLoader(logger: Logger, file = API_REFERENCE_BUNDLE): () => Promise<Uint8Array | undefined> {
  let loaded: Promise<Uint8Array | undefined> | undefined;
  return () =>
    (loaded ??= readFile(file).then(
      (bytes) => new Uint8Array(bytes),
      (err: Error) => {
        logger.warn(`The API reference page is off: ${err.message}`);
        return undefined;
      },
    ));
}
