import { afterAll, beforeAll } from 'vitest';
import type { Settings } from '../../src/settings/schema.ts';
import { ChatClient, join } from './client.ts';
import { startServer, type DeepPartial, type TestServer } from './server.ts';
import { SECRET } from './tokens.ts';

export interface ChatFixture {
  /** The file's server (available once beforeAll has run). */
  readonly server: TestServer;
  /** Connect and log in (with a JWT carrying `claims` when given); closed after the file. */
  user(name: string, claims?: Record<string, unknown>, on?: TestServer): Promise<ChatClient>;
  /** Connect without logging in; closed after the file. */
  connect(on?: TestServer): Promise<ChatClient>;
  /** Another server for this file, stopped after it. */
  startAnother(settings: DeepPartial<Settings>): Promise<TestServer>;
}

/**
 * One server for a test file, with JWT logins (non-strict, tokens.ts's SECRET) so tests can make
 * operators and VIPs next to guests; `settings` are applied on top.
 */
export function chatServer(settings: DeepPartial<Settings> = {}): ChatFixture {
  const servers: TestServer[] = [];
  const clients: ChatClient[] = [];
  const start = (s: DeepPartial<Settings>) =>
    startServer({ settings: { ...s, JWT: { Enabled: true, Strict: false, SecretKey: SECRET, ...s.JWT } } }).then((srv) => {
      servers.push(srv);
      return srv;
    });
  beforeAll(async () => {
    await start(settings);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.stop()));
  });
  const track = (c: ChatClient) => {
    clients.push(c);
    return c;
  };
  return {
    get server() {
      return servers[0]!;
    },
    user: async (name, claims, on = servers[0]!) => track(await join(on.wsUrl, name, claims)),
    connect: async (on = servers[0]!) => track(await ChatClient.connect(on.wsUrl)),
    startAnother: start,
  };
}
