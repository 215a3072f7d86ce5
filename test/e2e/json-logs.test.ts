import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postApi } from '../support/api.ts';
import { join } from '../support/client.ts';
import { RUNTIME, runToExit, startServer, type TestServer } from '../support/server.ts';

/** Every line the server wrote, parsed as JSON (a line that is not JSON fails the test). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}

async function until(ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe.skipIf(RUNTIME === 'worker')(
  '--log-format json [not on the Worker yet: the log format is a flag and setting of the Node, Bun and Deno servers]',
  () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer({ args: ['--log-format', 'json'] });
    });
    afterAll(async () => {
      await server.stop();
    });

    it('writes one JSON object per line with time, level, message and the fields of the event', async () => {
      const user = await join(server.wsUrl, 'logger-ann');
      expect((await postApi(`${server.url}/api/block/now`, { APIKey: 'wrong' })).status).toBe(401);
      await until(() => server.output().includes('refused a wrong APIKey'));
      user.close();
      const lines = jsonLines(server.output());
      for (const line of lines) {
        expect(line).toMatchObject({ time: expect.any(String) as string, level: expect.any(String) as string });
        expect(Number.isNaN(Date.parse(line['time'] as string))).toBe(false);
      }
      expect(lines.some((l) => String(l['message']).startsWith('Listening at'))).toBe(true);
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'info', username: 'logger-ann', address: '127.0.0.1', transport: 'websocket' }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', route: '/api/block/now', address: '127.0.0.1' }));
    });
  },
);

describe.skipIf(RUNTIME === 'worker')(
  'the log format setting [not on the Worker yet: the log format is a flag and setting of the Node, Bun and Deno servers]',
  () => {
    it('LogFormat = "json" in settings.toml gives JSON lines, and the flag wins over it', async () => {
      const fromSettings = await startServer({ settings: { LogFormat: 'json' } });
      await fromSettings.stop();
      expect(jsonLines(fromSettings.output()).some((l) => String(l['message']).startsWith('Listening at'))).toBe(true);

      const flagWins = await startServer({ settings: { LogFormat: 'json' }, args: ['--log-format', 'text'] });
      await flagWins.stop();
      expect(flagWins.output()).toMatch(/^\d{4}-\d\d-\d\dT\S+ INFO Listening at http/m);
      expect(flagWins.output()).not.toContain('{"time"');
    });

    it('refuses an unknown format at start-up', async () => {
      const run = await runToExit({ args: ['--log-format', 'xml'] });
      expect(run.code).toBe(2);
      expect(run.output).toContain('invalid --log-format "xml": expected text or json');
    });
  },
);
