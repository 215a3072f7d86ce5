import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiError, createAdminClient, type AdminClient } from '../../packages/admin-client/src/index.ts';
import { ChatClient, connectAll } from '../support/client.ts';
import { RUNTIME, runtimeCommand, startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

let server: TestServer;
let admin: AdminClient;
beforeAll(async () => {
  server = await startServer({ settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } });
  admin = createAdminClient({ baseUrl: `${server.url}/`, apiKey: 'test-admin-key' });
});
afterAll(async () => {
  await server.stop();
});

describe('the typed admin client', () => {
  it('reads the statistics', async () => {
    const [c] = await connectAll(server.wsUrl, ['client-stats']);
    const stats = await admin.statistics();
    expect(stats.Usernames).toContain('client-stats');
    expect(stats.UserCount).toBeGreaterThanOrEqual(1);
    expect(stats.Cameras).toEqual({ Blue: 0, Red: 0 });
    c!.close();
  });

  it('gets a signed token', async () => {
    const { OK, JWT } = await admin.authenticate({ Claims: { sub: 'client-signed', nick: 'Signed' } });
    expect(OK).toBe(true);
    expect(decodeJwt(JWT)).toMatchObject({ sub: 'client-signed', nick: 'Signed' });
  });

  it("amends an online user's token, and reports an offline one as a 404", async () => {
    const user = await ChatClient.connect(server.wsUrl);
    await user.login('', { jwt: await signToken({ sub: 'client-amended' }) });
    user.skip();
    expect(
      await admin.amendJwt({ Username: 'client-amended', JWTToken: await signToken({ sub: 'client-amended', nick: 'New' }) }),
    ).toEqual({ OK: true });
    expect(decodeJwt((await user.next('ping')).jwt!)).toMatchObject({ nick: 'New' });
    const offline = admin.amendJwt({ Username: 'client-nobody', JWTToken: await signToken({ sub: 'client-nobody' }) });
    await expect(offline).rejects.toBeInstanceOf(AdminApiError);
    await expect(offline).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('client-nobody is not online') as string,
    });
    user.close();
  });

  it('caches a blocklist', async () => {
    expect(await admin.blocklist({ Username: 'client-bl', Blocklist: ['someone'] })).toEqual({ OK: true });
  });

  it('blocks users from each other now', async () => {
    const [a, b] = await connectAll(server.wsUrl, ['client-bn-a', 'client-bn-b']);
    expect(await admin.blockNow({ Usernames: ['client-bn-a', 'client-bn-b'] })).toEqual({ OK: true });
    expect(await a!.next('block')).toMatchObject({ username: 'client-bn-b' });
    a!.close();
    b!.close();
  });

  it('disconnects users now and says how many were online', async () => {
    const [a] = await connectAll(server.wsUrl, ['client-dn']);
    expect(await admin.disconnectNow({ Usernames: ['client-dn', 'client-dn-offline'], Kick: true, Message: 'Bye.' })).toEqual({
      OK: true,
      Removed: 1,
    });
    await a!.next('disconnect');
    a!.close();
  });

  it('throws an AdminApiError with status 401 for a wrong key', async () => {
    const wrong = createAdminClient({ baseUrl: server.url, apiKey: 'wrong', fetch: (input, init) => fetch(input, init) });
    await expect(wrong.blockNow({ Usernames: [] })).rejects.toMatchObject({
      name: 'AdminApiError',
      status: 401,
      message: '/api/block/now: Authentication denied.',
    });
  });

  it(`runs on ${RUNTIME} too`, () => {
    const [cmd, ...args] = runtimeCommand(RUNTIME);
    // The same command that starts the server, pointed at the client script instead.
    const script = resolve(import.meta.dirname, '../fixtures/admin-client-run.ts');
    const run = spawnSync(cmd!, [...args.slice(0, -1), script, server.url, 'test-admin-key'], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ sub: 'runtime-bot' });
  });
});
