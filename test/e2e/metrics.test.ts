import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postApi } from '../support/api.ts';
import { join, seesVideo } from '../support/client.ts';
import { RUNTIME, startServer, type TestServer } from '../support/server.ts';

const KEY = 'test-admin-key';

/** One scrape as `name{labels}` → value, exactly as Prometheus would read it. */
async function scrape(server: TestServer): Promise<Map<string, number>> {
  const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${KEY}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const values = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-z_:]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) values.set(m[1]!, Number(m[2]));
  }
  return values;
}

/** Scrape until `ok` holds (counters of coalesced who lists land a moment after the action). */
async function scrapeUntil(server: TestServer, ok: (m: Map<string, number>) => boolean): Promise<Map<string, number>> {
  const until = Date.now() + 15_000;
  for (;;) {
    const metrics = await scrape(server);
    if (ok(metrics) || Date.now() > until) return metrics;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(RUNTIME === 'worker')('GET /metrics [not on the Worker yet: the Durable Object does not serve /metrics]', () => {
  let server: TestServer;
  beforeAll(async () => {
    const dir = await mkdtemp(joinPath(tmpdir(), 'barertc-metrics-'));
    server = await startServer({
      dir,
      settings: { DirectMessageHistory: { Enabled: true, SQLiteDatabase: joinPath(dir, 'history.sqlite') } },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers only the Bearer admin key, with 401 JSON (never the chat page) otherwise', async () => {
    const tries: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong' }, { Authorization: KEY }];
    for (const headers of tries) {
      const res = await fetch(`${server.url}/metrics`, { headers, redirect: 'manual' });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ OK: false, Error: 'Authentication denied.' });
    }
  });

  it('counts connections, users, cameras, messages, who lists, DMs, disconnects and API calls', async () => {
    const ann = await join(server.wsUrl, 'ann');
    const bob = await join(server.wsUrl, 'bob');
    ann.send({ action: 'me', video: 1 });
    await seesVideo(bob, 'ann', 1);
    ann.send({ action: 'message', channel: 'lobby', message: 'hello ✓' });
    await bob.next('message');
    ann.send({ action: 'message', channel: '@bob', message: 'a DM' });
    await bob.next((m) => m.action === 'message' && m.channel === '@ann');
    let m = await scrapeUntil(server, (x) => x.get('barertc_who_lists_sent_total')! >= 2);
    expect(m.get('barertc_connections{transport="websocket"}')).toBe(2);
    expect(m.get('barertc_connections{transport="polling"}')).toBe(0);
    expect(m.get('barertc_users')).toBe(2);
    expect(m.get('barertc_cameras{color="blue"}')).toBe(1);
    expect(m.get('barertc_cameras{color="red"}')).toBe(0);
    expect(m.get('barertc_messages_received_total{action="login"}')).toBe(2);
    expect(m.get('barertc_messages_received_total{action="message"}')).toBe(2);
    expect(m.get('barertc_messages_received_total{action="me"}')).toBe(1);
    // join() syncs with an action the room does not know.
    expect(m.get('barertc_messages_received_total{action="unknown"}')).toBe(2);
    const sent = m.get('barertc_messages_sent_total')!;
    expect(sent).toBeGreaterThanOrEqual(8);
    expect(m.get('barertc_bytes_sent_total')).toBeGreaterThan(sent * 20);
    expect(m.get('barertc_dm_store_duration_seconds_count')).toBe(1);

    expect((await postApi(`${server.url}/api/disconnect/now`, { APIKey: KEY, Usernames: ['bob'], Kick: true })).status).toBe(200);
    await bob.next('disconnect');
    bob.close();
    ann.close();
    await ann.closed;
    m = await scrapeUntil(server, (x) => x.get('barertc_connections{transport="websocket"}') === 0);
    expect(m.get('barertc_connections{transport="websocket"}')).toBe(0);
    expect(m.get('barertc_users')).toBe(0);
    await scrapeUntil(server, (x) => x.get('barertc_disconnects_total{reason="closed"}') === 1);
    m = await scrape(server);
    expect(m.get('barertc_disconnects_total{reason="kicked"}')).toBe(1);
    expect(m.get('barertc_disconnects_total{reason="closed"}')).toBe(1);
    expect(m.get('barertc_disconnects_total{reason="slow"}')).toBe(0);
    expect(m.get('barertc_api_requests_total{route="/api/disconnect/now",status="200"}')).toBe(1);
    expect(m.get('barertc_http_request_duration_seconds_count{route="/api/disconnect/now"}')).toBe(1);
  });

  it('has the process metrics of the runtime', async () => {
    const m = await scrape(server);
    expect(m.get('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(m.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });
});
