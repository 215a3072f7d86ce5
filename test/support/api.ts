/** One answer of the JSON API as the tests see it. */
export interface ApiReply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body (undefined when it is not JSON). */
  body: Record<string, unknown> | undefined;
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
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}
