import { toJsonSchema } from '@valibot/to-json-schema';
import type { Hono } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import * as v from 'valibot';
import {
  AmendJwtRequest,
  AuthenticateRequest,
  AuthenticateResponse,
  BlockNowRequest,
  BlocklistRequest,
  DisconnectNowRequest,
  DisconnectNowResponse,
  ErrorResponse,
  OkResponse,
  ShutdownRequest,
  StatisticsResponse,
} from '../../../packages/admin-client/src/schemas.ts';
import {
  MessageClearFailure,
  MessageClearRequest,
  MessageClearResponse,
  MessageHistoryFailure,
  MessageHistoryRequest,
  MessageHistoryResponse,
  MessageUsernamesFailure,
  MessageUsernamesRequest,
  MessageUsernamesResponse,
  ProfileRequest,
  ProfileResponse,
} from './user-schemas.ts';

type Schema = v.GenericSchema;

/** How an operation is authorised; `key` takes the admin key in the body's `APIKey` or as a Bearer header. */
type Auth = 'key' | 'jwt' | 'key-or-jwt' | 'none';

interface Operation {
  path: string;
  method: 'get' | 'post';
  summary: string;
  description?: string;
  auth: Auth;
  request?: Schema;
  reply: Schema;
  /** The error body: `{OK:false, Error}` plus the endpoint's zero-valued fields. */
  failure: Schema;
  /** HTTP statuses of the error answers besides 400 (bad method, type or body) and 413 (too large). */
  errors: number[];
}

const DisconnectNowFailure = v.object({ ...ErrorResponse.entries, Removed: v.literal(0) });
const ADMIN_ERRORS = [401, 429];

/** Every `/api/*` endpoint, documented from the schemas it validates with (a test keeps this list complete). */
export const OPERATIONS: readonly Operation[] = [
  {
    path: '/api/statistics',
    method: 'get',
    summary: 'Who is online',
    description: 'Visible logged-in users and webcam counts, for a website widget. Any method is answered.',
    auth: 'none',
    reply: StatisticsResponse,
    failure: ErrorResponse,
    errors: [],
  },
  ...['/api/authenticate', '/api/authentication'].map(
    (path): Operation => ({
      path,
      method: 'post',
      summary: 'Sign a chat token',
      description:
        "Signs the website's claims into a chat JWT valid for five minutes (send users to `/?jwt=…`). `/api/authenticate` is the original's path, `/api/authentication` the documented one.",
      auth: 'key',
      request: AuthenticateRequest,
      reply: AuthenticateResponse,
      failure: ErrorResponse,
      errors: [...ADMIN_ERRORS, 500],
    }),
  ),
  {
    path: '/api/shutdown',
    method: 'post',
    summary: 'Restart the server',
    description: 'Tells everyone the server reboots and exits with status 1 two seconds later, for its supervisor to restart it.',
    auth: 'key',
    request: ShutdownRequest,
    reply: OkResponse,
    failure: ErrorResponse,
    errors: [...ADMIN_ERRORS, 500],
  },
  {
    path: '/api/amend-jwt',
    method: 'post',
    summary: "Give an online user a new token's claims",
    description: '404 when the user is not online, 409 when the new `sub` names another online user, 401 for a bad token.',
    auth: 'key',
    request: AmendJwtRequest,
    reply: OkResponse,
    failure: ErrorResponse,
    errors: [...ADMIN_ERRORS, 404, 409],
  },
  {
    path: '/api/blocklist',
    method: 'post',
    summary: "Cache a user's blocklist for their next chat page",
    auth: 'key',
    request: BlocklistRequest,
    reply: OkResponse,
    failure: ErrorResponse,
    errors: ADMIN_ERRORS,
  },
  {
    path: '/api/block/now',
    method: 'post',
    summary: 'Block every pair of the named online users from each other, now',
    auth: 'key',
    request: BlockNowRequest,
    reply: OkResponse,
    failure: ErrorResponse,
    errors: ADMIN_ERRORS,
  },
  {
    path: '/api/disconnect/now',
    method: 'post',
    summary: 'Remove the named users from the room',
    description: '`Removed` counts those who were online; `Kick` shows it to others as a kick.',
    auth: 'key',
    request: DisconnectNowRequest,
    reply: DisconnectNowResponse,
    failure: DisconnectNowFailure,
    errors: ADMIN_ERRORS,
  },
  {
    path: '/api/profile',
    method: 'post',
    summary: "A user's profile card, from the website's profile webhook",
    description: 'Errors (`OK: false`) come with 400 for a bad token and 500 when the webhook is off or answers badly.',
    auth: 'jwt',
    request: ProfileRequest,
    reply: ProfileResponse,
    failure: ErrorResponse,
    errors: [500],
  },
  {
    path: '/api/message/history',
    method: 'post',
    summary: "A page of the caller's DMs with one partner, newest first",
    auth: 'jwt',
    request: MessageHistoryRequest,
    reply: MessageHistoryResponse,
    failure: MessageHistoryFailure,
    errors: [500],
  },
  {
    path: '/api/message/usernames',
    method: 'post',
    summary: 'A page of the people the caller has DMs with',
    auth: 'jwt',
    request: MessageUsernamesRequest,
    reply: MessageUsernamesResponse,
    failure: MessageUsernamesFailure,
    errors: [500],
  },
  {
    path: '/api/message/clear',
    method: 'post',
    summary: 'Erase DM history',
    description:
      "A user erases their own with their `JWTToken`; the website erases any user's (`Username`) with the admin key in `APIKey` or a Bearer header.",
    auth: 'key-or-jwt',
    request: MessageClearRequest,
    reply: MessageClearResponse,
    failure: MessageClearFailure,
    errors: [401, 429, 500],
  },
];

const STATUS_TEXT: Record<number, string> = {
  400: 'Wrong method or content type, or a body that is not the expected JSON',
  401: 'Wrong or missing API key (or body and header disagree)',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body larger than 1 MiB',
  429: 'Too many failed API keys from this address; see Retry-After',
  500: 'The server could not do it; Error says why',
};

const json = (schema: Schema, typeMode: 'input' | 'output') => ({
  'application/json': { schema: toJsonSchema(schema, { target: 'draft-2020-12', typeMode }) },
});

function operation(op: Operation): Record<string, unknown> {
  const responses: Record<string, unknown> = { '200': { description: 'Done', content: json(op.reply, 'output') } };
  for (const status of op.request ? [400, 413, ...op.errors] : op.errors) {
    responses[String(status)] = { description: STATUS_TEXT[status], content: json(op.failure, 'output') };
  }
  return {
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.auth === 'jwt' ? 'User API (chat JWT)' : op.auth === 'none' ? 'Public' : 'Admin API (API key)'],
    // An empty requirement means "or none": the key may come in the body's APIKey instead.
    ...(op.auth === 'key' || op.auth === 'key-or-jwt' ? { security: [{ bearerKey: [] }, {}] } : {}),
    ...(op.request ? { requestBody: { required: true, content: json(op.request, 'input') } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of `/api/*`, built once from the schemas. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  paths['/api/openapi.json'] = {
    get: {
      summary: 'This document',
      tags: ['Public'],
      responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
    },
  };
  paths['/api/docs'] = {
    get: {
      summary: 'This document as a readable page',
      tags: ['Public'],
      responses: { '200': { description: 'HTML', content: { 'text/html': {} } } },
    },
  };
  paths[API_REFERENCE_SCRIPT] = {
    get: {
      summary: "The page's renderer (Scalar's standalone bundle)",
      tags: ['Public'],
      responses: { '200': { description: 'JavaScript', content: { 'text/javascript': {} } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'BareRTC chat server API',
      version: '1',
      description:
        'JSON over POST, like the original BareRTC. Request keys match case-insensitively; a missing key takes its zero value. Admin endpoints take the `AdminAPIKey` from settings.toml in the body\'s `APIKey` or as `Authorization: Bearer <key>`; with both, they must agree. Every error is `{"OK": false, "Error": "…"}` with the endpoint\'s other fields at zero values.',
    },
    components: {
      securitySchemes: {
        bearerKey: { type: 'http', scheme: 'bearer', description: 'The AdminAPIKey (the body field APIKey works too)' },
      },
    },
    paths,
  };
}

/** Where the API reference renderer (Scalar's standalone bundle) is served, from our own origin. */
export const API_REFERENCE_SCRIPT = '/api/docs/api-reference.js';

/**
 * The reference page works under this policy: scripts only from us plus its one start-up script by
 * nonce (no inline scripts, no eval), no fonts or requests elsewhere (Scalar's default fonts and its
 * request proxy are off). Styles allow inline: Scalar's components inject style elements that do
 * not all carry the nonce it is given, and styles cannot run code.
 */
const docsSecurity = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", NONCE],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
  strictTransportSecurity: false,
});

const DOCS_CONFIG = {
  url: '/api/openapi.json',
  withDefaultFonts: false,
  hideClientButton: true,
  telemetry: false,
};

/**
 * `GET /api/openapi.json` (serialized once) and the reference page `GET /api/docs`. `renderer`
 * gives Scalar's standalone bundle as the runtime reads it; without it the page says so.
 */
export function registerOpenApi(app: Hono, renderer: () => Promise<Uint8Array | undefined>): void {
  let body: string | undefined;
  app.get('/api/openapi.json', (c) => {
    body ??= JSON.stringify(openApiDocument());
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });
  app.get(API_REFERENCE_SCRIPT, async (c) => {
    const bundle = await renderer();
    if (!bundle) return c.text('404 page not found', 404);
    return c.body(bundle as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
  });
  app.get('/api/docs', docsSecurity, async (c) => {
    const nonce = c.get('secureHeadersNonce') ?? '';
    if (!(await renderer())) {
      return c.html(
        '<!doctype html><title>API reference</title><p>The reference renderer is not installed; the document is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>',
      );
    }
    return c.html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>BareRTC chat server API</title>
</head>
<body>
<div id="app"></div>
<script src="${API_REFERENCE_SCRIPT}"></script>
<script nonce="${nonce}">Scalar.createApiReference('#app', ${JSON.stringify(DOCS_CONFIG)});</script>
</body>
</html>
`);
  });
}
