import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'smol-toml';
import { defaultSettings, type Settings } from '../../src/settings/schema.ts';

export type Runtime = 'node' | 'bun' | 'deno' | 'worker';

/** The runtime the end-to-end suite drives; CI runs the suite once per runtime. */
export const RUNTIME = (process.env['TEST_RUNTIME'] ?? 'node') as Runtime;

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'node_modules/.bin');

/**
 * The command that runs `script` (by default the runtime's own server entry) on `runtime`. The
 * Worker runs in workerd behind its local runner (`npm run start:worker`), which takes the same flags.
 */
export function runtimeCommand(runtime: Runtime, script = `src/runtime/${runtime}.ts`): string[] {
  switch (runtime) {
    case 'worker':
      return [process.execPath, '--import', 'tsx', script.replace(/worker\.ts$/, 'worker-local.ts')];
    case 'node':
      // One process: the tsx CLI wrapper relays signals and SIGKILLs a child that does not confirm one within 30 ms.
      return [process.execPath, '--import', 'tsx', script];
    case 'bun':
      return [join(BIN, 'bun'), script];
    case 'deno':
      return [
        join(BIN, 'deno'),
        'run',
        '--allow-net',
        '--allow-env',
        '--allow-read',
        '--allow-write',
        '--allow-ffi',
        '--allow-sys',
        script,
      ];
  }
}

// Array items are partial too: the server fills in their defaults when it loads the file.
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (infer U)[]
    ? U extends object
      ? DeepPartial<U>[]
      : U[]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K];
};

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  /** Leader of the server's process group (the runtime may run it in a child of this process). */
  pid: number;
  dir: string;
  settingsPath: string;
  settings: Settings;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM the whole process group and wait for it. */
  stop(): Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

/** Settings for a test server: defaults, a fixed API key, then the test's overrides. */
export function testSettings(overrides: DeepPartial<Settings> = {}): Settings {
  const base = defaultSettings();
  base.AdminAPIKey = 'test-admin-key';
  return merge(base, overrides) as Settings;
}

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (Array.isArray(over) || over === null || typeof over !== 'object') return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}

export interface StartOptions {
  runtime?: Runtime;
  settings?: DeepPartial<Settings>;
  /** Write this text as settings.toml instead of generated settings (or null for no file). */
  settingsText?: string | null;
  args?: string[];
  env?: Record<string, string>;
  /** Reuse a folder (e.g. to restart on the same database). */
  dir?: string;
  /** Listen on this port (e.g. to restart where clients will reconnect). */
  port?: number;
  /** Run this entry instead of the runtime's server entry (benchmarks start their own servers). */
  script?: string;
}

interface Spawned {
  child: ChildProcess;
  dir: string;
  settingsPath: string;
  settings: Settings;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

async function spawnServer(opts: StartOptions): Promise<Spawned> {
  const runtime = opts.runtime ?? RUNTIME;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'barertc-test-')));
  const settingsPath = join(dir, 'settings.toml');
  const settings = testSettings(opts.settings);
  if (opts.settingsText === undefined) await writeFile(settingsPath, stringify(settings));
  else if (opts.settingsText !== null) await writeFile(settingsPath, opts.settingsText);
  const port = opts.port ?? (await freePort());
  const [cmd, ...args] = runtimeCommand(runtime, opts.script);
  const child = spawn(cmd!, [...args, '--address', `127.0.0.1:${port}`, '--settings', settingsPath, ...(opts.args ?? [])], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, dir, settingsPath, settings, port, output: () => out, exited };
}

/** Start a real server process on a free loopback port and wait until it listens. */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const s = await spawnServer(opts);
  try {
    await waitFor(
      () => s.output().includes('Listening at'),
      // The Worker's runner bundles it and loads Miniflare and workerd first: slower on a busy machine.
      (opts.runtime ?? RUNTIME) === 'worker' ? 90_000 : 30_000,
      () => `server did not start:\n${s.output()}`,
      s.exited,
    );
  } catch (err) {
    // A server that never said it listens is not left behind.
    killGroup(s.child, 'SIGKILL');
    throw err;
  }
  return {
    url: `http://127.0.0.1:${s.port}`,
    wsUrl: `ws://127.0.0.1:${s.port}/ws`,
    port: s.port,
    pid: s.child.pid!,
    dir: s.dir,
    settingsPath: s.settingsPath,
    settings: s.settings,
    output: s.output,
    exited: s.exited,
    kill: (signal) => killGroup(s.child, signal),
    async stop() {
      killGroup(s.child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(s.child, 'SIGKILL'), 5000);
      const code = await s.exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Run a server process until it exits by itself (start-up failures, shutdown). */
export async function runToExit(opts: StartOptions & { timeoutMs?: number }): Promise<{ code: number | null; output: string }> {
  const s = await spawnServer(opts);
  const timer = setTimeout(() => killGroup(s.child, 'SIGKILL'), opts.timeoutMs ?? 20_000);
  const code = await s.exited;
  clearTimeout(timer);
  return { code, output: s.output() };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

async function waitFor(ok: () => boolean, ms: number, why: () => string, exited?: Promise<unknown>): Promise<void> {
  let done = false;
  void exited?.then(() => (done = true));
  const until = Date.now() + ms;
  while (!ok()) {
    if (done || Date.now() > until) throw new Error(why());
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A complete `[[ModerationRule]]` entry: these flags on, the rest off. */
export function moderationRule(
  Username: string,
  on: Partial<Omit<Settings['ModerationRule'][number], 'Username'>>,
): Settings['ModerationRule'][number] {
  return { Username, CameraAlwaysNSFW: false, NoBroadcast: false, NoVideo: false, NoImage: false, NoDarkVideo: false, ...on };
}
