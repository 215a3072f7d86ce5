import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';
import { startSqld, type Sqld } from '../support/sqld.ts';

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('health checks for supervisors and load balancers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers /healthz and /readyz with 200 JSON, many times over without a rate limit or a log line', async () => {
    const before = server.output().length;
    for (let i = 0; i < 40; i++) {
      expect(await get(`${server.url}/healthz`)).toEqual({ status: 200, body: { OK: true } });
      expect(await get(`${server.url}/readyz`)).toEqual({ status: 200, body: { OK: true } });
    }
    expect(server.output().slice(before)).not.toMatch(/healthz|readyz/);
  });
});

describe('readiness with DM history on', () => {
  let sqld: Sqld;
  let server: TestServer;
  beforeAll(async () => {
    sqld = await startSqld();
    server = await startServer({ settings: { DirectMessageHistory: { Enabled: true, DatabaseURL: sqld.url } } });
  });
  afterAll(async () => {
    await server.stop();
    await sqld.stop();
  });

  it('is ready while the database answers, and says why not (503) once it is gone, while still alive', async () => {
    expect(await get(`${server.url}/readyz`)).toEqual({ status: 200, body: { OK: true } });
    await sqld.stop();
    const down = await get(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      OK: false,
      Error: expect.stringContaining('DM history database does not answer') as string,
    });
    expect((await get(`${server.url}/healthz`)).status).toBe(200);
  });
});
