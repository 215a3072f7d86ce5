import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runToExit, startServer } from '../support/server.ts';

describe('server start-up', () => {
  it('creates a missing settings file, says where, and serves', async () => {
    const server = await startServer({ settingsText: null });
    expect(server.output()).toContain(`wrote a new settings file with defaults to ${server.settingsPath}`);
    expect(await readFile(join(server.dir, 'settings.toml'), 'utf8')).toMatch(/AdminAPIKey = "[0-9a-f-]{36}"/);
    expect((await fetch(`${server.url}/api/statistics`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
  });

  it('stops with a readable error, not a stack trace, on a bad settings file', async () => {
    const { code, output } = await runToExit({ settingsText: 'Version = 17\n[JWT]\nEnabled = 3\n' });
    expect(code).not.toBe(0);
    expect(output).toContain('JWT.Enabled: expected boolean, got 3');
    expect(output).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('rejects a bad --address with usage help', async () => {
    const { code, output } = await runToExit({ args: ['--address', 'nowhere'] });
    expect(code).not.toBe(0);
    expect(output).toContain('invalid --address');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('closes sockets as a service restart (1012) and exits 0 on %s', async (signal) => {
    const server = await startServer();
    const { ChatClient } = await import('../support/client.ts');
    const c = await ChatClient.connect(server.wsUrl);
    await c.login('sleepy');
    server.kill(signal);
    const closed = await c.closed;
    expect(closed.code).toBe(1012);
    expect(await server.exited).toBe(0);
  });
});
