// `npm run bench [-- --quick]`: start real servers on 127.0.0.1, drive them from a separate
// load-generator process, and print ratios against baselines measured in the same run.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, type Runtime, type StartOptions, type TestServer } from '../test/support/server.ts';
import type { FanoutResult, HttpResult, Job, StatusResult, StormJob, StormResult } from './load.ts';
import { formatTable, type Row } from './table.ts';
import { groupCpuSeconds, groupRss } from './proc.ts';

const ROOT = resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
/** `--only=fanout,storm` runs a subset while iterating. */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (name: string) => !only || only.includes(name);

const SIZES = quick
  ? {
      fanout: { warmupMs: 300, durationMs: 1000 },
      naive: 300,
      storm: [300, 1000],
      quietMs: 800,
      idle: 1000,
      bigRoom: 2000,
      httpMs: 1000,
      repeats: 1,
    }
  : {
      fanout: { warmupMs: 2000, durationMs: 8000 },
      naive: 300,
      storm: [300, 1000],
      quietMs: 1500,
      idle: 2000,
      bigRoom: Number(process.argv.find((a) => a.startsWith('--big-room='))?.slice('--big-room='.length) ?? 10_000),
      httpMs: 10_000,
      repeats: 2,
    };
const FANOUT = { clients: 500, senders: 20, window: 4, payloadBytes: 200 };
const JOIN_SPREAD_MS = 1000;
const BIG_ROOM_SPREAD_MS = 10_000;
/** How long after the last login a big-room storm may take to settle before it counts as not settled. */
const BIG_ROOM_TIMEOUT_MS = 60_000;
/** Load processes for the big room (`--loads=N`): one process may not read 10,000 sockets' worth of who lists in time. */
const BIG_ROOM_LOADS = Number(process.argv.find((a) => a.startsWith('--loads='))?.slice('--loads='.length) ?? 2);
const ROOM_ENTRY = 'bench/servers/room.ts';
const ECHO_ENTRY: Record<'node' | 'bun', string> = { node: 'bench/servers/echo-node.ts', bun: 'bench/servers/echo-bun.ts' };
/** Every job is bounded; a job that overruns this is abandoned and the run fails. */
const JOB_TIMEOUT_MS = 180_000;

// ---- the load generator process ----------------------------------------------------------

class LoadGenerator {
  private readonly child: ChildProcess;
  private constructor() {
    this.child = fork(join(ROOT, 'bench/load.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  }
  static start(): LoadGenerator {
    return new LoadGenerator();
  }
  run<T>(job: Job): Promise<T> {
    return new Promise((res, rej) => {
      const done = () => {
        clearTimeout(timer);
        this.child.off('message', onReply);
        this.child.off('exit', onExit);
      };
      const fail = (message: string) => {
        done();
        rej(new Error(message));
      };
      const timer = setTimeout(() => fail(`${job.kind} job took longer than ${JOB_TIMEOUT_MS} ms`), JOB_TIMEOUT_MS);
      const onExit = (code: number | null) => fail(`load generator exited (${code}) during the ${job.kind} job`);
      const onReply = (reply: { ok: boolean; result?: T; error?: string }) => {
        done();
        if (reply.ok) res(reply.result as T);
        else rej(new Error(`load generator: ${reply.error}`));
      };
      this.child.on('message', onReply);
      this.child.once('exit', onExit);
      this.child.send(job);
    });
  }
  stop(): void {
    this.child.kill();
  }
}

async function withServer<T>(opts: StartOptions, fn: (server: TestServer) => Promise<T>): Promise<T> {
  // Flood limits are lifted: the fan-out workload sends "as fast as the server accepts", and the
  // baselines have no limiter, so with the defaults it would measure the limiter, not the room.
  const unlimited = 1_000_000_000;
  const server = await startServer({
    ...opts,
    settings: {
      JWT: { Enabled: true, Strict: false, SecretKey: 'bench-secret' },
      FloodLimits: { FrameBurst: unlimited, FramesPerSecond: unlimited, ChatBurst: unlimited, ChatPerSecond: unlimited },
    },
  });
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

const room = (runtime: Runtime, env: Record<string, string> = {}): StartOptions => ({ runtime, script: ROOM_ENTRY, env });
/** Our server with no metrics at all, to show what counting costs in the same run. */
const NO_METRICS = { BENCH_NO_METRICS: '1' };
const echo = (runtime: 'node' | 'bun'): StartOptions => ({ runtime, script: ECHO_ENTRY[runtime] });
const log = (line: string) => console.error(`[bench] ${line}`);

/**
 * The machine is shared, so each measurement runs SIZES.repeats times, ours and the baseline
 * taking turns, and the best run of each counts (background load only ever makes runs worse).
 */
async function bestOf<T>(runs: Array<() => Promise<T>>, better: (a: T, b: T) => boolean): Promise<T[]> {
  const best: (T | undefined)[] = runs.map(() => undefined);
  for (let r = 0; r < SIZES.repeats; r++) {
    for (const [i, run] of runs.entries()) {
      const result = await run();
      if (best[i] === undefined || better(result, best[i])) best[i] = result;
    }
  }
  return best as T[];
}

// ---- workloads ----------------------------------------------------------------------------

async function fanout(load: LoadGenerator, runtime: 'node' | 'bun'): Promise<Row[]> {
  const job = { kind: 'fanout' as const, ...FANOUT, ...SIZES.fanout };
  const [base, ours, unmetered] = await bestOf<FanoutResult>(
    [
      () => {
        log(`fan-out on ${runtime}: baseline`);
        return withServer(echo(runtime), (s) => load.run({ ...job, url: s.wsUrl, serverPgid: s.pid, login: false }));
      },
      () => {
        log(`fan-out on ${runtime}: ours`);
        return withServer(room(runtime), (s) => load.run({ ...job, url: s.wsUrl, serverPgid: s.pid, login: true }));
      },
      () => {
        log(`fan-out on ${runtime}: ours without metrics`);
        return withServer(room(runtime, NO_METRICS), (s) => load.run({ ...job, url: s.wsUrl, serverPgid: s.pid, login: true }));
      },
    ],
    (a, b) => a.perSecond > b.perSecond,
  );
  if (!base || !ours || !unmetered) throw new Error('fan-out produced no result');
  const name = `fan-out ${FANOUT.clients} clients / ${FANOUT.senders} senders`;
  const cpuMsPer1k = (r: FanoutResult) => (r.serverCpuSeconds * 1e6) / r.delivered;
  const cpuPer1k = (r: FanoutResult) => cpuMsPer1k(r).toFixed(1);
  const errors = ours.errors || base.errors ? `; errors: ours ${ours.errors}, baseline ${base.errors}` : '';
  const note = `server CPU per 1,000 delivered: ours ${cpuPer1k(ours)} ms, baseline ${cpuPer1k(base)} ms${errors}`;
  return [
    {
      workload: name,
      runtime,
      metric: 'delivered msgs/s',
      ours: ours.perSecond,
      baseline: base.perSecond,
      target: { min: 0.9 },
      note,
    },
    { workload: name, runtime, metric: 'p50 latency ms', ours: ours.p50, baseline: base.p50 },
    { workload: name, runtime, metric: 'p99 latency ms', ours: ours.p99, baseline: base.p99, target: { max: 1.5 } },
    {
      workload: name,
      runtime,
      metric: 'delivered msgs/s, metrics on vs off',
      ours: ours.perSecond,
      baseline: unmetered.perSecond,
      target: { min: 0.95 },
    },
    {
      // Server CPU per message does not depend on how busy the rest of the machine is.
      workload: name,
      runtime,
      metric: 'server CPU ms per 1,000 delivered, metrics on vs off',
      ours: cpuMsPer1k(ours),
      baseline: cpuMsPer1k(unmetered),
      target: { max: 1.05 },
    },
  ];
}

/** A join storm's result over all its load processes. */
interface StormOutcome {
  settled: boolean;
  /** From the first login to the moment the last client held its final, correct list. */
  settleMs: number;
  /** The same, from the last login. */
  afterLastLoginMs: number;
  bytes: number;
  whoFrames: number;
  correctClients: number;
  /** Server CPU seconds (user + system) for the whole storm. */
  cpuSeconds: number;
  /** Server resident memory once settled. */
  rssBytes: number;
}

/** One storm, its clients split evenly across `loads` (each takes every n-th login), all paced from one start time. */
async function runStorm(
  loads: LoadGenerator[],
  s: TestServer,
  job: Omit<StormJob, 'kind' | 'url' | 'first' | 'stride' | 'startAt'>,
): Promise<StormOutcome> {
  const cpu = groupCpuSeconds(s.pid);
  // Far enough ahead for every process to have connected its share of the clients.
  const startAt = Date.now() + 2000 + 2 * job.clients;
  const parts = await Promise.all(
    loads.map((load, i) =>
      load.run<StormResult>({ ...job, kind: 'storm', url: s.wsUrl, first: i, stride: loads.length, startAt }),
    ),
  );
  const cpuSeconds = groupCpuSeconds(s.pid) - cpu;
  const settled = parts.every((p) => p.settled);
  const firstLogin = Math.min(...parts.map((p) => p.firstLoginAt));
  const lastLogin = Math.max(...parts.map((p) => p.lastLoginAt));
  const settledAt = Math.max(...parts.map((p) => p.settledAt));
  const sum = (f: (p: StormResult) => number) => parts.reduce((n, p) => n + f(p), 0);
  return {
    settled,
    settleMs: settled ? settledAt - firstLogin : NaN,
    afterLastLoginMs: settled ? settledAt - lastLogin : NaN,
    bytes: sum((p) => p.bytes),
    whoFrames: sum((p) => p.whoFrames),
    correctClients: sum((p) => p.correctClients),
    cpuSeconds,
    rssBytes: groupRss(s.pid),
  };
}

const cpuNote = (r: { cpuSeconds: number }) => `server CPU ${r.cpuSeconds.toFixed(1)} s`;
const settleNote = (r: StormOutcome) => (r.settled ? '' : `not settled: ${r.correctClients} correct lists`);

async function joinStorm(load: LoadGenerator, runtime: Runtime): Promise<Row[]> {
  const storm = (clients: number, env: Record<string, string> = {}) =>
    withServer(room(runtime, env), (s) =>
      runStorm([load], s, { clients, spreadMs: JOIN_SPREAD_MS, quietMs: SIZES.quietMs, timeoutMs: 90_000 }),
    );
  log(`join storm on ${runtime}: naive at ${SIZES.naive}`);
  const naive = await storm(SIZES.naive, { BENCH_WHO_WINDOW_MS: '0' });
  const rows: Row[] = [];
  for (const clients of SIZES.storm) {
    const [ours] = await bestOf(
      [
        () => {
          log(`join storm on ${runtime}: ours at ${clients}`);
          return storm(clients);
        },
      ],
      (a, b) => a.settled && (!b.settled || a.settleMs < b.settleMs),
    );
    if (!ours) throw new Error('join storm produced no result');
    const name = `join storm ${clients} clients`;
    const note = [settleNote(ours), `${ours.whoFrames} who frames`].filter(Boolean).join('; ');
    if (clients === SIZES.naive) {
      rows.push(
        {
          workload: name,
          runtime,
          metric: 'bytes sent (MB)',
          ours: ours.bytes / 1e6,
          baseline: naive.bytes / 1e6,
          target: { max: 0.1 },
          note,
        },
        {
          workload: name,
          runtime,
          metric: 'settle ms',
          ours: ours.settleMs,
          baseline: naive.settleMs,
          note: `${cpuNote(ours)}, naive ${cpuNote(naive)} ${settleNote(naive)}`.trim(),
        },
      );
    } else {
      rows.push(
        { workload: name, runtime, metric: 'bytes sent (MB)', ours: ours.bytes / 1e6, note },
        { workload: name, runtime, metric: 'settle ms', ours: ours.settleMs, target: { absMax: 3000 }, note: cpuNote(ours) },
      );
    }
  }
  return rows;
}

/**
 * 10,000 clients log in spread over 10 s, once asking for who-list deltas and once taking whole
 * lists, from several load processes; with deltas, one status change then times its way to all.
 */
async function bigRoom(loads: LoadGenerator[], runtime: Runtime): Promise<Row[]> {
  const clients = SIZES.bigRoom;
  const workload = `big room: ${clients} clients join over ${BIG_ROOM_SPREAD_MS / 1000} s`;
  const storm = (deltas: boolean) =>
    withServer(room(runtime), async (s) => {
      log(`big room on ${runtime}: ${clients} clients, ${deltas ? 'who-list deltas' : 'whole lists'}`);
      const outcome = await runStorm(loads, s, {
        clients,
        spreadMs: BIG_ROOM_SPREAD_MS,
        quietMs: SIZES.quietMs,
        timeoutMs: BIG_ROOM_SPREAD_MS + BIG_ROOM_TIMEOUT_MS,
        deltas,
        hold: deltas,
      });
      if (!deltas || !outcome.settled) {
        await Promise.all(loads.map((l) => l.run({ kind: 'release' })));
        return { outcome, latencies: [] as number[] };
      }
      const at = Date.now() + 1000;
      const parts = await Promise.all(
        loads.map((l) => l.run<StatusResult>({ kind: 'status', at, status: 'away', timeoutMs: 10_000 })),
      );
      await Promise.all(loads.map((l) => l.run({ kind: 'release' })));
      return { outcome, latencies: parts.flatMap((p) => p.latencies) };
    });
  const { outcome: ours, latencies } = await storm(true);
  const { outcome: whole } = await storm(false);
  const settleText = (r: StormOutcome) =>
    r.settled ? `${Math.round(r.afterLastLoginMs).toLocaleString('en')} ms after the last login` : settleNote(r);
  const notes = (r: StormOutcome) => `${cpuNote(r)}, RSS ${(r.rssBytes / 1e6).toFixed(0)} MB, ${r.whoFrames} who frames`;
  const reached = latencies.filter((l) => !Number.isNaN(l)).sort((a, b) => a - b);
  const p99 = reached.length === latencies.length ? reached[Math.ceil(0.99 * reached.length) - 1]! : NaN;
  return [
    {
      workload,
      runtime,
      metric: 'bytes sent (MB), deltas vs whole lists',
      ours: ours.bytes / 1e6,
      baseline: whole.bytes / 1e6,
      note: `deltas: ${notes(ours)}; whole lists: ${notes(whole)}`,
    },
    {
      workload,
      runtime,
      metric: 'settle ms from the first login, deltas vs whole lists',
      ours: ours.settled ? ours.settleMs : 'not settled',
      baseline: whole.settled ? whole.settleMs : undefined,
      note: `deltas: ${settleText(ours)}; whole lists: ${settleText(whole)}`,
    },
    {
      workload,
      runtime,
      metric: 'one status change to all, p99 ms (deltas)',
      ours: latencies.length ? p99 : 'not measured',
      target: { absMax: 1000 },
      note: latencies.length
        ? `reached ${reached.length} of ${latencies.length}; p50 ${reached[Math.floor(reached.length / 2)]?.toFixed(0)} ms`
        : 'the storm did not settle',
    },
  ];
}

/**
 * What a server keeps after a full garbage collection (see servers/gc-signal.ts): with `live`, the
 * bytes of every object its heap snapshot holds (live objects only, whatever heap pages V8 keeps
 * committed); otherwise its processes' resident memory. Writing a snapshot grows resident memory,
 * so one server run measures one or the other.
 */
async function retainedMemory(s: TestServer, live: boolean): Promise<number> {
  const pid = Number(/bench: pid (\d+)/.exec(s.output())?.[1]);
  const reports = () => [...s.output().matchAll(/bench: garbage collected(?:, heap snapshot (.+))?/g)];
  const before = reports().length;
  process.kill(pid, 'SIGUSR2');
  const until = Date.now() + 60_000;
  while (reports().length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  const report = reports().at(-1);
  if (reports().length === before || (live && !report?.[1]))
    throw new Error(`no memory report from ${s.url}:\n${s.output().slice(-2000)}`);
  if (live) return snapshotBytes(report![1]!);
  await new Promise((r) => setTimeout(r, 500));
  return groupRss(s.pid);
}

/** The summed self size of every node of a V8 heap snapshot; the file is removed. */
async function snapshotBytes(path: string): Promise<number> {
  const snapshot = JSON.parse(await readFile(path, 'utf8')) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[] };
  await rm(path);
  const fields = snapshot.snapshot.meta.node_fields;
  let total = 0;
  for (let i = fields.indexOf('self_size'); i < snapshot.nodes.length; i += fields.length) total += snapshot.nodes[i]!;
  return total;
}

async function memory(load: LoadGenerator): Promise<Row[]> {
  const snapshots = await mkdtemp(join(tmpdir(), 'bench-heap-'));
  /** KB per idle client, by live heap objects or by resident memory. */
  const perConnection = (opts: StartOptions, login: boolean, live: boolean) =>
    withServer(live ? { ...opts, env: { ...opts.env, BENCH_HEAP_SNAPSHOTS: snapshots } } : opts, async (s) => {
      // A first crowd (a quarter of the measured one) compiles and optimizes the connection and
      // login paths, so only what each connection keeps is counted.
      await load.run({ kind: 'idle', url: s.wsUrl, clients: SIZES.idle / 4, login });
      await load.run({ kind: 'release' });
      const before = await retainedMemory(s, live);
      await load.run({ kind: 'idle', url: s.wsUrl, clients: SIZES.idle, login });
      const after = await retainedMemory(s, live);
      await load.run({ kind: 'release' });
      return (after - before) / SIZES.idle / 1024;
    });
  const measure = async (label: string, opts: StartOptions, login: boolean) => {
    log(`memory on node: ${label}`);
    return { live: await perConnection(opts, login, true), rss: await perConnection(opts, login, false) };
  };
  try {
    const base = await measure('baseline', echo('node'), false);
    const ours = await measure('ours', room('node'), true);
    // How much of it is the connection rather than the room (a full run only, to keep --quick short).
    const bare = quick ? undefined : await measure('ours, connected without logging in', room('node'), false);
    const share = (kb: number | undefined) => (kb === undefined ? '' : `connected, not logged in: ${kb.toFixed(1)} KB`);
    const workload = `${SIZES.idle} idle logged-in clients`;
    return [
      {
        workload,
        runtime: 'node',
        metric: 'KB per connection (live heap objects)',
        ours: ours.live,
        baseline: base.live,
        target: { max: 1.5 },
        note: share(bare?.live),
      },
      {
        workload,
        runtime: 'node',
        metric: 'KB per connection (RSS after GC)',
        ours: ours.rss,
        baseline: base.rss,
        note: share(bare?.rss),
      },
    ];
  } finally {
    await rm(snapshots, { recursive: true, force: true });
  }
}

async function api(load: LoadGenerator): Promise<Row[]> {
  const rows: Row[] = [];
  const endpoints = [
    { path: '/api/statistics', method: 'GET' as const, body: undefined },
    {
      path: '/api/authentication',
      method: 'POST' as const,
      body: JSON.stringify({ APIKey: 'test-admin-key', Claims: { sub: 'bench-user', nick: 'Bench' } }),
    },
  ];
  const measure = (opts: StartOptions, paths: Array<(typeof endpoints)[number]>) =>
    withServer(opts, async (s) => {
      const out: HttpResult[] = [];
      for (const e of paths) {
        log(`API on node (${opts.script}): ${e.method} ${e.path}`);
        out.push(
          await load.run<HttpResult>({
            kind: 'http',
            url: `${s.url}${e.path}`,
            method: e.method,
            body: e.body,
            connections: 50,
            durationMs: SIZES.httpMs,
          }),
        );
      }
      return out;
    });
  const bare = { runtime: 'node' as const, script: 'bench/servers/bare-hono.ts' };
  // The bare server's signing route, for context: what reading, parsing and signing alone cost.
  const floorEndpoint = { ...endpoints[1]!, path: '/api/authentication-floor' };
  const [base, ours, unmetered] = [
    await measure(bare, [...endpoints, floorEndpoint]),
    await measure(room('node'), endpoints),
    await measure(room('node', NO_METRICS), endpoints),
  ];
  for (const [i, e] of endpoints.entries()) {
    const o = ours[i]!;
    const b = base[i]!;
    const workload = `${e.method} ${e.path}`;
    if (o.status === 404) {
      rows.push({
        workload,
        runtime: 'node',
        metric: '2xx requests/s',
        ours: 'pending',
        baseline: b.perSecond,
        target: { min: 0.8 },
        note: 'endpoint not built yet (404)',
      });
      continue;
    }
    const note = o.status !== 200 || o.non2xx || o.errors ? `status ${o.status}, ${o.non2xx} non-2xx, ${o.errors} errors` : '';
    rows.push({
      workload,
      runtime: 'node',
      metric: '2xx requests/s',
      ours: o.perSecond,
      baseline: b.perSecond,
      target: { min: 0.8 },
      note,
    });
    rows.push({
      workload,
      runtime: 'node',
      metric: '2xx requests/s, metrics on vs off',
      ours: o.perSecond,
      baseline: unmetered[i]!.perSecond,
      target: { min: 0.95 },
    });
  }
  const floor = base[endpoints.length]!;
  rows.push({
    workload: `${endpoints[1]!.method} ${endpoints[1]!.path}`,
    runtime: 'node',
    metric: '2xx requests/s vs a bare route that reads, parses and signs',
    ours: ours[1]!.perSecond,
    baseline: floor.perSecond,
    note: 'context: the bare route has no key check, validation or limiter',
  });
  return rows;
}

/** The shape of bench/history.ts (the DM history work), imported only when that file is present. */
interface HistoryBench {
  historyBench(opts: {
    quick?: boolean;
    log?: (line: string) => void;
  }): Promise<Array<{ operation: string; p50Ms: number; p99Ms: number }>>;
}

/** DM history paging comes from bench/history.ts once that file exists; its first row is its baseline. */
async function history(): Promise<Row[]> {
  const file = join(ROOT, 'bench/history.ts');
  const workload = `DM history, ${quick ? '100,000' : '1,000,000'} rows`;
  const pending = (note: string): Row[] => [{ workload, runtime: 'node', metric: 'p50 ms', ours: 'pending', note }];
  if (!existsSync(file)) return pending('bench/history.ts not present yet');
  const mod = (await import(pathToFileURL(file).href)) as Partial<HistoryBench>;
  if (typeof mod.historyBench !== 'function') return pending('bench/history.ts has no historyBench export');
  log('DM history (bench/history.ts)');
  const [baseline, ...rows] = await mod.historyBench({ quick, log });
  if (!baseline) return pending('bench/history.ts returned no rows');
  return rows.map((r) => ({
    workload,
    runtime: 'node',
    metric: `${r.operation}: p50 ms`,
    ours: r.p50Ms,
    baseline: baseline.p50Ms,
    note: `p99 ${r.p99Ms.toFixed(2)} ms; baseline: ${baseline.operation}`,
  }));
}

// ---- report -------------------------------------------------------------------------------

function versions(): string {
  const bun = spawnSync(join(ROOT, 'node_modules/.bin/bun'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  return `Node ${process.version}, Bun ${bun}`;
}

const load1 = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

async function writeResults(table: string, header: string): Promise<void> {
  const file = join(ROOT, 'bench/RESULTS.md');
  const start = '<!-- last-run:start -->';
  const end = '<!-- last-run:end -->';
  const block = `${start}\n${header}\n\n${table}\n${end}`;
  const old = existsSync(file) ? await readFile(file, 'utf8') : `# Benchmark results\n\n${start}\n${end}\n`;
  const i = old.indexOf(start);
  const j = old.indexOf(end);
  const next = i >= 0 && j > i ? old.slice(0, i) + block + old.slice(j + end.length) : `${old.trimEnd()}\n\n${block}\n`;
  await writeFile(file, next);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = load1();
  const generator = LoadGenerator.start();
  const rows: Row[] = [];
  try {
    const runtimes = (process.argv
      .find((a) => a.startsWith('--runtimes='))
      ?.slice('--runtimes='.length)
      .split(',') ?? ['node', 'bun']) as ('node' | 'bun')[];
    if (wanted('fanout')) for (const runtime of runtimes) rows.push(...(await fanout(generator, runtime)));
    if (wanted('storm')) for (const runtime of runtimes) rows.push(...(await joinStorm(generator, runtime)));
    if (wanted('bigroom')) {
      const extra = Array.from({ length: BIG_ROOM_LOADS - 1 }, () => LoadGenerator.start());
      try {
        for (const runtime of runtimes) rows.push(...(await bigRoom([generator, ...extra], runtime)));
      } finally {
        for (const l of extra) l.stop();
      }
    }
    if (wanted('memory')) rows.push(...(await memory(generator)));
    if (wanted('api')) rows.push(...(await api(generator)));
    if (wanted('history')) rows.push(...(await history()));
  } finally {
    generator.stop();
  }
  const table = formatTable(rows);
  const seconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
  const header =
    `Last run: ${startedAt.toISOString()} (${quick ? '`--quick`' : 'full'}, ${seconds} s), ${cpus().length} cores, ${versions()}. ` +
    `Load average (1/5/15 min) before: ${loadBefore}, after: ${load1()}.`;
  console.log(`\n${header}\n\n${table}`);
  await writeResults(table, header);
}

await main();
