import type { Context, Hono, MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { jwtRules, type Claims } from '../core/claims.ts';
import { escapeHtml } from '../core/markdown.ts';
import { type CompiledTemplate, scriptSafeJson } from './go-template.ts';
import type { Room } from '../core/room.ts';
import type { Settings } from '../settings/schema.ts';

/** The built chat client (Vite output); the runtime decides where it comes from. */
export interface WebAssets {
  /** The page template, or undefined when the client has not been built. */
  index(): string | undefined;
  /** A file under the build folder by its URL path (e.g. `/assets/index-abc.js`). */
  file(path: string): { body: Uint8Array; type: string } | undefined;
  /**
   * Set when the build is the original BareRTC client (`ClientDirectory`): its index.html as a Go
   * template, and the CSP hashes of the inline event handlers that client needs.
   */
  goTemplate?: { template: CompiledTemplate; handlerHashes: string[] };
}

export interface PagesOptions {
  room: Room;
  settings: () => Settings;
  assets: WebAssets;
}

/** Where the page template takes the server-provided globals and the title. */
export const CONFIG_MARKER = '<!--barertc-config-->';
export const TITLE_MARKER = '<!--barertc-title-->';

/** Vite names hashed bundles under /assets/, so they never change and may be cached for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const STATIC = 'public, max-age=3600';

/**
 * The page works under this policy: scripts only from us (plus the one inline config script,
 * by nonce), no inline event handlers, styles only from our stylesheets (the client sets styles
 * through the CSSOM), images also from data:/blob: and the website's avatars, YouTube embeds.
 */
export const pageSecurity: MiddlewareHandler = pagePolicy({ scriptSrcAttr: ["'none'"], styleSrc: ["'self'"] });

/**
 * The original client cannot run under our page's policy: its template has inline event handlers
 * and image messages carry `onclick="setModalImage(this.src)"`, so exactly those handlers are
 * allowed by hash (`'unsafe-hashes'`), never inline handlers in general. Its scripts still need
 * our nonce or our origin. Its Vue templates and image messages set inline styles, so styles
 * allow 'unsafe-inline' (user text cannot carry a style: markdown drops the attribute).
 */
export function originalClientSecurity(handlerHashes: readonly string[]): MiddlewareHandler {
  return pagePolicy({
    scriptSrcAttr: ["'unsafe-hashes'", ...handlerHashes],
    styleSrc: ["'self'", "'unsafe-inline'"],
    fontSrc: ["'self'", 'data:'],
  });
}

function pagePolicy(differences: { scriptSrcAttr: string[]; styleSrc: string[]; fontSrc?: string[] }): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:', 'http:'],
      mediaSrc: ["'self'", 'blob:', 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      frameSrc: ['https://www.youtube.com', 'https://www.youtube-nocookie.com'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      ...differences,
    },
    permissionsPolicy: { camera: ['self'], microphone: ['self'], geolocation: [] },
    // HTTPS is the reverse proxy's business (and its HSTS policy with it).
    strictTransportSecurity: false,
  });
}

export function registerPages(app: Hono, opts: PagesOptions): void {
  const go = opts.assets.goTemplate;
  const security = go ? originalClientSecurity(go.handlerHashes) : pageSecurity;
  app.use('*', (c, next) => (servesChatPage(c.req.path) || ASSET_PATH.test(c.req.path) ? security(c, next) : next()));
  app.all('/', (c) => chatPage(c, opts));
  app.all('/about', (c) => c.html(aboutPage(opts.settings(), c.req.header('host') ?? '')));
  app.all('/logout', (c) => c.html(LOGOUT_PAGE));
  app.on(['GET', 'HEAD'], ['/assets/*', '/static/*'], (c) => {
    const file = opts.assets.file(c.req.path);
    if (!file) return c.text('404 page not found', 404);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, assetHeaders(c.req.path, file.type));
  });
}

/** Headers of a built file: hashed bundles under /assets/ cache for good, /static/ for an hour. */
export function assetHeaders(path: string, type: string): Record<string, string> {
  return {
    'Content-Type': type,
    'Cache-Control': path.startsWith('/assets/') ? IMMUTABLE : STATIC,
    'X-Content-Type-Options': 'nosniff',
  };
}

const ASSET_PATH = /^\/(assets|static)(\/|$)/;

/** Unmatched paths outside the API, the transports and the asset folders get the chat page, as in the original. */
export function servesChatPage(path: string): boolean {
  return !/^\/(api|assets|static)(\/|$)/.test(path) && path !== '/ws' && path !== '/poll';
}

export async function chatPage(c: Context, opts: PagesOptions): Promise<Response> {
  const settings = opts.settings();
  const token = await jwtParam(c);
  let claims: Claims | undefined;
  if (token) {
    const verified = await opts.room.auth.verify(token);
    if (!verified.ok) return c.text(`Error parsing your JWT token: ${verified.error}`, 403);
    claims = verified.claims;
  }
  if (settings.JWT.Enabled && settings.JWT.Strict && !claims) {
    if (settings.JWT.LandingPageURL) return c.redirect(settings.JWT.LandingPageURL, 302);
    return c.text('Authentication denied. Please go back and try again.', 403);
  }
  const nonce = c.get('secureHeadersNonce') ?? '';
  const blocklist = claims?.sub ? opts.room.blocklists.get(claims.sub) : [];
  c.header('Cache-Control', 'no-store');
  const go = opts.assets.goTemplate;
  if (go) {
    const data = { cacheHash: randomLetters(8), settings, token, authOK: !!claims, claims, blocklist };
    return c.html(go.template.render(data, nonce));
  }
  const template = opts.assets.index();
  if (!template) {
    return c.text('The chat page has not been built yet: run `npm run build` (npm ci does it) and restart the server.', 503);
  }
  // The website may have pre-seeded this user's blocklist (/api/blocklist); their page sends it on connect.
  const globals = pageGlobals(settings, token, claims, blocklist);
  const html = template
    .replace(TITLE_MARKER, () => escapeHtml(settings.Title))
    .replace(CONFIG_MARKER, () => `<script nonce="${nonce}">\n${globals}\n</script>`);
  return c.html(html);
}

/** The original's cache-busting `CacheHash`: lowercase letters, new on every page. */
function randomLetters(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return Array.from(bytes, (b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** Go FormValue semantics: a form body's `jwt` wins over the query string's. */
async function jwtParam(c: Context): Promise<string> {
  const type = c.req.header('content-type') ?? '';
  if (
    ['POST', 'PUT', 'PATCH'].includes(c.req.method) &&
    /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)
  ) {
    try {
      const body = await c.req.parseBody();
      const value = body['jwt'];
      if (typeof value === 'string' && value) return value;
    } catch {
      // An unreadable form is treated as carrying no token; the query may still have one.
    }
  }
  return c.req.query('jwt') ?? '';
}

/** The page configuration as top-level `const` globals, the way the original page embeds them. */
export function pageGlobals(settings: Settings, token: string, claims: Claims | undefined, blocklist: readonly string[]): string {
  const globals: Record<string, unknown> = {
    Branding: settings.Branding,
    BareRTCStrings: settings.Strings,
    PublicChannels: settings.PublicChannels,
    DMDisclaimer: settings.DirectMessageHistory.DisclaimerMessage,
    DMHistoryEnabled: settings.DirectMessageHistory.Enabled,
    WebsiteURL: settings.WebsiteURL,
    PermitNSFW: settings.PermitNSFW,
    TURN: settings.TURN,
    WebhookURLs: settings.WebhookURLs.map(({ Name, Enabled, URL }) => ({ Name, Enabled, URL })),
    VIP: settings.VIP,
    UserJWTToken: token,
    UserJWTValid: !!claims,
    UserJWTClaims: claims ?? {},
    UserJWTRules: jwtRules(claims),
    CachedBlocklist: blocklist,
  };
  return Object.entries(globals)
    .map(([name, value]) => `const ${name} = ${scriptSafeJson(value)};`)
    .join('\n');
}

function aboutPage(settings: Settings, host: string): string {
  const site = escapeHtml(settings.WebsiteURL);
  const nsfw = settings.PermitNSFW
    ? `<p>This chat room permits adult content on webcams, as long as it is marked as explicit (red camera icon).
       Cameras marked explicit are never opened for you unless you choose to open them.</p>`
    : '<p>Explicit content is not permitted on webcams in this chat room.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>About ${escapeHtml(settings.Title)}</title><link rel="stylesheet" href="/static/pages.css"></head>
<body><main class="page">
<h1>About ${escapeHtml(settings.Title)}</h1>
<p>This is a webcam chat room for the members of <a href="${site}">${site}</a>: public channels, direct messages,
and webcams shared directly between browsers over WebRTC.</p>
${nsfw}
<h2>Camera or microphone not working?</h2>
<p>Your browser asks for permission the first time you share your camera. If you said no, open your browser's
site settings for <code>${escapeHtml(host)}</code> and allow the camera and microphone, then reload the page.</p>
<p><a href="/">Back to the chat room</a></p>
</main></body></html>`;
}

const LOGOUT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logged out</title><link rel="stylesheet" href="/static/pages.css"></head>
<body><main class="page"><h1>Logged out</h1>
<p>You have left the chat room. This window closes by itself in a few seconds.</p>
<p><a href="/">Enter the chat room again</a></p></main>
<script src="/static/logout.js"></script></body></html>`;
