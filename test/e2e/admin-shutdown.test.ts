import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../packages/admin-client/src/index.ts';
import { postApi } from '../support/api.ts';
import { connectAll } from '../support/client.ts';
import { RUNTIME, startServer, type TestServer } from '../support/server.ts';

const isNotice = (m: { action: string; message?: string }) => m.action === 'error' && /reboot/.test(m.message ?? '');

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('POST /api/authenticate without a JWT secret', () => {
  it('answers 500 and says why instead of signing with an empty key', async () => {
    const r = await postApi(`${server.url}/api/authenticate`, { APIKey: 'test-admin-key', Claims: { sub: 'x' } });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ OK: false, Error: 'Error signing the JWT claims: JWT.SecretKey is not set' });
  });
});

describe('POST /api/shutdown', () => {
  it('does nothing for a wrong key', async () => {
    const r = await postApi(`${server.url}/api/shutdown`, { APIKey: 'wrong' });
    expect(r.status).toBe(401);
    const [c] = await connectAll(server.wsUrl, ['still-here']);
    c!.skip();
    // Longer than the shutdown delay: a shutdown would have ended the process by now.
    await c!.nothing(isNotice, 3000);
    expect((await fetch(`${server.url}/api/statistics`)).status).toBe(200);
    c!.close();
  });

  it.skipIf(RUNTIME === 'worker')(
    'tells everyone the server is going down, then exits with a failure status for the supervisor',
    async () => {
      const [chatter] = await connectAll(server.wsUrl, ['shutdown-witness']);
      chatter!.skip();
      const admin = createAdminClient({ baseUrl: server.url, apiKey: 'test-admin-key' });
      expect(await admin.shutdown()).toEqual({ OK: true });
      expect(await chatter!.next(isNotice)).toEqual({
        action: 'error',
        username: 'ChatServer',
        message: 'The chat server is going down for a reboot NOW!',
      });
      // Closed as a service restart, so the original client reconnects to the restarted server.
      expect((await chatter!.closed).code).toBe(1012);
      expect(await server.exited).toBe(1);
    },
  );

  it.runIf(RUNTIME === 'worker')(
    '[Worker: no process to exit] tells everyone, restarts the room closing every socket with 1012, and serves again',
    async () => {
      const [chatter] = await connectAll(server.wsUrl, ['restart-witness']);
      chatter!.skip();
      const admin = createAdminClient({ baseUrl: server.url, apiKey: 'test-admin-key' });
      expect(await admin.shutdown()).toEqual({ OK: true });
      expect(await chatter!.next(isNotice)).toMatchObject({ message: 'The chat server is going down for a reboot NOW!' });
      expect((await chatter!.closed).code).toBe(1012);
      const [back] = await connectAll(server.wsUrl, ['restart-witness']);
      expect((await back!.whoList((names) => names.includes('restart-witness'))).length).toBe(1);
      back!.close();
    },
  );
});
