import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMAGE_CLICK_HANDLER } from '../core/images.ts';
import type { Logger } from '../core/ports.ts';
import { compileGoTemplate } from '../http/go-template.ts';
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
  '.eot': 'application/vnd.ms-fontobject',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The built client, read into memory once at start-up: it is small, and serving from memory
 * works the same on Node, Bun and Deno. A missing build is logged, and the page says how to build.
 */
export async function loadWebAssets(logger: Logger, dir = WEB_BUILD_DIR): Promise<WebAssets> {
  try {
    const { index, files } = await readBuild(dir);
    return { index: () => index, file: (path) => files.get(path) };
  } catch (err) {
    logger.warn(`The chat client is not built (${(err as Error).message}); run \`npm run build\`.`);
    return { index: () => undefined, file: () => undefined };
  }
}

/** A client build that cannot be served as the original's page; start-up stops with this message. */
export class ClientBuildError extends Error {}

/**
 * A build of the original BareRTC web client (`ClientDirectory`): its `index.html` is a Go
 * template, compiled now so that a placeholder we cannot fill stops start-up instead of serving a
 * broken page. `/static/*` files the build lacks come from our own build, for /about and /logout.
 */
export async function loadClientBuild(dir: string, logger: Logger, ownBuild = WEB_BUILD_DIR): Promise<WebAssets> {
  let build: Awaited<ReturnType<typeof readBuild>>;
  try {
    build = await readBuild(dir);
  } catch (err) {
    throw new ClientBuildError(`ClientDirectory: cannot read ${dir}: ${(err as Error).message}`);
  }
  const file = join(dir, 'index.html');
  if (build.index === undefined) throw new ClientBuildError(`ClientDirectory: ${file} is missing`);
  const template = compileGoTemplate(build.index, file);
  const own = await readBuild(ownBuild).catch(() => undefined);
  for (const [url, body] of own?.files ?? []) {
    if (url.startsWith('/static/') && !build.files.has(url)) build.files.set(url, body);
  }
  const handlers = [...template.inlineHandlers, IMAGE_CLICK_HANDLER];
  logger.info(`Serving the BareRTC client build in ${dir} (${build.files.size} files)`);
  return {
    index: () => build.index,
    file: (path) => build.files.get(path),
    goTemplate: { template, handlerHashes: await Promise.all(handlers.map(cspHash)) },
  };
}

/** The CSP source expression that allows exactly this inline script text. */
async function cspHash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

async function readBuild(
  dir: string,
): Promise<{ index: string | undefined; files: Map<string, { body: Uint8Array; type: string }> }> {
  const files = new Map<string, { body: Uint8Array; type: string }>();
  let index: string | undefined;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const url = '/' + relative(dir, path).split(sep).join('/');
    const body = new Uint8Array(await readFile(path));
    if (url === '/index.html') index = new TextDecoder().decode(body);
    else files.set(url, { body, type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' });
  }
  return { index, files };
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
