import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeCommand, type Runtime } from '../support/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const runtimes = (process.env['TEST_RUNTIMES'] ?? 'node,bun,deno').split(',').filter(Boolean) as Runtime[];

/** Run the fixture; resolves with how it ended, or `timedOut` if we had to kill it. */
function run(
  runtime: Runtime,
  mode: 'idle' | 'hang',
): Promise<{ code: number | null; signal: string | null; timedOut: boolean; output: string }> {
  const [cmd, ...args] = runtimeCommand(runtime);
  const child = spawn(cmd!, [...args.slice(0, -1), 'test/fixtures/exit-later.ts', mode], { cwd: ROOT, detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, 25_000);
  return new Promise((res) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, timedOut, output });
    }),
  );
}

// Each case starts a runtime and waits out the shutdown delay and the watchdog's grace.
describe.each(runtimes)('a scheduled shutdown on %s', { timeout: 60_000 }, (runtime) => {
  it('exits with status 1', async () => {
    const end = await run(runtime, 'idle');
    expect(end.output).toContain('scheduled');
    expect(end).toMatchObject({ code: 1, timedOut: false });
  });

  it('still ends the process when the event loop hangs', async () => {
    const end = await run(runtime, 'hang');
    expect(end.output).toContain('scheduled');
    expect(end.timedOut).toBe(false);
    // Ended by the watchdog's SIGKILL (or a wrapper's non-zero code): a failure, which a supervisor restarts.
    expect(end.code).not.toBe(0);
  });
});
