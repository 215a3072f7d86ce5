import * as v from 'valibot';
import {
  type AmendJwtRequest,
  type AuthenticateRequest,
  AuthenticateResponse,
  type BlocklistRequest,
  type BlockNowRequest,
  type DisconnectNowRequest,
  DisconnectNowResponse,
  ErrorResponse,
  OkResponse,
  StatisticsResponse,
} from './schemas.ts';

/*
 * A typed client for a website's server to drive the chat room: plain fetch and valibot only, so
 * it runs on Node, Bun, Deno and Cloudflare Workers alike.
 */

export interface AdminClientOptions {
  /** Where the chat server is, e.g. `https://chat.example.com` (a path prefix is kept). */
  baseUrl: string | URL;
  /** `AdminAPIKey` from the chat server's settings.toml. */
  apiKey: string;
  /** A fetch implementation; the global one by default. */
  fetch?: typeof fetch;
}

/** A request body as the endpoint takes it, minus the API key the client adds. */
type Params<S extends v.GenericSchema> = Omit<v.InferInput<S>, 'APIKey'>;

/** The server refused the call (`OK: false`), or answered something that is not the API's JSON. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    /** The HTTP status, e.g. 401 for a wrong API key or 404 for an offline user on amend-jwt. */
    readonly status: number,
    message: string,
    /** The parsed reply, when there was one. */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export function createAdminClient(opts: AdminClientOptions) {
  const base = String(opts.baseUrl).replace(/\/+$/, '');
  // Workers' fetch throws when called with another `this`, so never call it as a method of opts.
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call<S extends v.GenericSchema>(path: string, answer: S, body?: object): Promise<v.InferOutput<S>> {
    const res = await doFetch(
      `${base}${path}`,
      body === undefined
        ? { method: 'GET' }
        : {
            method: 'POST',
            // The key travels in the header, where proxies and logs treat it as a credential.
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.apiKey}` },
            body: JSON.stringify(body),
          },
    );
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AdminApiError(res.status, `${path}: expected a JSON reply, got HTTP ${res.status}: ${text.slice(0, 200)}`);
    }
    const refused = v.safeParse(ErrorResponse, json);
    if (refused.success) throw new AdminApiError(res.status, `${path}: ${refused.output.Error}`, json);
    const ok = v.safeParse(answer, json);
    if (!ok.success) throw new AdminApiError(res.status, `${path}: unexpected reply: ${text.slice(0, 200)}`, json);
    return ok.output;
  }

  return {
    /** `GET /api/statistics`: who is online. */
    statistics: () => call('/api/statistics', StatisticsResponse),
    /** `POST /api/authenticate`: sign claims into a chat token (valid five minutes). */
    authenticate: (params: Params<typeof AuthenticateRequest>) => call('/api/authenticate', AuthenticateResponse, params),
    /** `POST /api/amend-jwt`: give an online user new claims; AdminApiError status 404 when they are offline. */
    amendJwt: (params: Params<typeof AmendJwtRequest>) => call('/api/amend-jwt', OkResponse, params),
    /** `POST /api/blocklist`: cache a user's blocklist for their next visit to the chat. */
    blocklist: (params: Params<typeof BlocklistRequest>) => call('/api/blocklist', OkResponse, params),
    /** `POST /api/block/now`: block every pair of these users from each other, now. */
    blockNow: (params: Params<typeof BlockNowRequest>) => call('/api/block/now', OkResponse, params),
    /** `POST /api/disconnect/now`: remove users from the room; `Removed` counts who was online. */
    disconnectNow: (params: Params<typeof DisconnectNowRequest>) => call('/api/disconnect/now', DisconnectNowResponse, params),
    /** `POST /api/shutdown`: the server notifies everyone and exits for its supervisor to restart it. */
    shutdown: () => call('/api/shutdown', OkResponse, {}),
  };
}

export type AdminClient = ReturnType<typeof createAdminClient>;

export * from './schemas.ts';
export { ClaimsSchema, type Claims } from './claims.ts';
