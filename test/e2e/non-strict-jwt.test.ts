import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } });
});
afterAll(async () => {
  await server.stop();
});

describe('non-strict JWT mode', () => {
  it('lets guests in and still checks tokens that are sent', async () => {
    const guest = await ChatClient.connect(server.wsUrl);
    expect((await guest.login('plain-guest')).username).toBe('plain-guest');
    const bad = await ChatClient.connect(server.wsUrl);
    expect((await bad.login('x', { jwt: await signToken({ sub: 'x' }, { secret: 'wrong' }) })).action).toBe('error');
    const good = await ChatClient.connect(server.wsUrl);
    expect((await good.login('whatever', { jwt: await signToken({ sub: 'real-name' }) })).username).toBe('real-name');
    for (const c of [guest, bad, good]) c.close();
  });
});
