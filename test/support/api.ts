/** One answer of the JSON API as the tests see it. */
export interface ApiReply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body ({} when it is not JSON; `text` has the raw reply). */
  // biome-ignore lint/suspicious/noExplicitAny: test assertions reach into arbitrary replies
  body: Record<string, any>;
}

/** POST a JSON body (or a raw string) to the API the way a website's server does. */
export async function postApi(
  url: string,
  body: unknown,
  opts: { headers?: Record<string, string>; method?: string; contentType?: string } = {},
): Promise<ApiReply> {
  const res = await fetch(url, {
    method: opts.method ?? 'POST',
    headers: { 'Content-Type': opts.contentType ?? 'application/json', ...opts.headers },
    body: opts.method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the caller looks at `text`
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Just the status and parsed body, for exact comparisons of whole replies. */
export async function postJson(url: string, body: unknown): Promise<Pick<ApiReply, 'status' | 'body'>> {
  const { status, body: parsed } = await postApi(url, body);
  return { status, body: parsed };
}

/** The admin endpoints (both spellings of the token endpoint), which share the admin preamble. */
export const ADMIN_ENDPOINTS = [
  '/api/authenticate',
  '/api/authentication',
  '/api/shutdown',
  '/api/amend-jwt',
  '/api/blocklist',
  '/api/block/now',
  '/api/disconnect/now',
];

export interface Statistics {
  UserCount: number;
  Usernames: string[];
  Cameras: { Blue: number; Red: number };
}

/** `GET /api/statistics` of the server at `baseUrl`. */
export async function statistics(baseUrl: string): Promise<Statistics> {
  return (await (await fetch(`${baseUrl}/api/statistics`)).json()) as Statistics;
}
