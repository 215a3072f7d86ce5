// `npm run soak -- --minutes 30 [--runtime node|bun]`: run one real server under a steady,
// realistic mix for a long time and watch it for leaks and slow drift. Every 10 s it samples the
// server's heap, RSS, event-loop delay and the delivery latency of public messages; at the end it
// writes the series and a verdict (heap slope after warm-up, p99 latency) into bench/SOAK.md,
// replacing that runtime's earlier section. Not part of CI: it is meant to run for half an hour.
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { type ChatClient, join, type Msg } from '../test/support/client.ts';
import { PollClient } from '../test/support/poller.ts';
import { startServer, type Runtime } from '../test/support/server.ts';
import { SECRET } from '../test/support/tokens.ts';
import { groupRss } from './proc.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
};
const MINUTES = Number(arg('minutes', '30'));
const RUNTIME = arg('runtime', 'node') as Runtime;
const SAMPLE_MS = 10_000;
/** Samples before this share of the run are warm-up: caches fill, the JIT settles. */
const WARMUP_SHARE = 0.2;
const USERS = 40;
const POLLERS = 3;
const KEY = 'test-admin-key';
const SOAK_FILE = resolve(import.meta.dirname, 'SOAK.md');

interface Sample {
  minute: number;
  heapMB: number;
  rssMB: number;
  delayMs: number;
  p50: number;
  p99: number;
}

const server = await startServer({
  runtime: RUNTIME,
  script: 'bench/servers/soak.ts',
  settings: {
    JWT: { Enabled: true, Strict: false, SecretKey: SECRET },
    // Two users stand in for many: the mix is steady, not a flood, but it is faster than one person types.
    FloodLimits: { FrameBurst: 1000, FramesPerSecond: 500, ChatBurst: 200, ChatPerSecond: 100 },
  },
});
console.log(`soak: ${RUNTIME} server at ${server.url} for ${MINUTES} min`);

const users = new Map<string, ChatClient>();
let serial = 0;
const rnd = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
async function arrive(): Promise<void> {
  const name = `soak-${++serial}`;
  users.set(name, await join(server.wsUrl, name, serial % 4 === 0 ? { vip: serial % 8 === 0 } : undefined));
}
function leave(): void {
  const name = rnd([...users.keys()]);
  users.get(name)?.close();
  users.delete(name);
}
for (let i = 0; i < USERS; i++) await arrive();

// Latency: a prober stamps a public line every second; a watcher reads the stamp back.
const prober = await join(server.wsUrl, 'soak-prober');
const watcher = await join(server.wsUrl, 'soak-watcher');
let latencies: number[] = [];
watcher.ws.on('message', (data) => {
  const msg = JSON.parse(data.toString()) as Msg;
  const stamp = /probe (\d+)/.exec(msg.message ?? '');
  if (msg.action === 'message' && stamp) latencies.push(Date.now() - Number(stamp[1]));
});

const pollers = await Promise.all(
  Array.from({ length: POLLERS }, async (_, i) => {
    const p = new PollClient(server.url);
    await p.login(`soak-poller-${i}`);
    return p;
  }),
);
const api = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** One second of the mix. */
async function second(tick: number): Promise<void> {
  const people = [...users.values()];
  for (let i = 0; i < 8; i++)
    rnd(people).send({ action: 'message', channel: rnd(['lobby', 'offtopic']), message: `hello ${tick}` });
  for (let i = 0; i < 3; i++)
    rnd(people).send({ action: 'message', channel: `@${rnd([...users.keys()])}`, message: `psst ${tick}` });
  rnd(people).send({ action: 'me', video: rnd([0, 1, 3, 1 | 32]), status: rnd(['online', 'away']) });
  rnd(people).send({ action: 'react', msgID: tick, message: '👍' });
  prober.send({ action: 'message', channel: 'lobby', message: `probe ${Date.now()}` });
  if (tick % 2 === 0) {
    leave();
    await arrive();
  }
  if (tick % 2 === 1) for (const p of pollers) await p.poll();
  if (tick % 5 === 0) {
    await (await fetch(`${server.url}/api/statistics`)).text();
    await (await api('/api/authenticate', { APIKey: KEY, Claims: { sub: `soak-site-${tick}` } })).text();
  }
  if (tick % 30 === 0) await (await api('/api/block/now', { APIKey: KEY, Usernames: ['soak-nobody'] })).text();
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const samples: Sample[] = [];
const allLatencies: number[] = [];
const started = Date.now();
const end = started + MINUTES * 60_000;
let nextSample = started + SAMPLE_MS;
for (let tick = 1; Date.now() < end; tick++) {
  const due = started + tick * 1000;
  await second(tick);
  if (Date.now() >= nextSample) {
    nextSample += SAMPLE_MS;
    const report = [...server.output().matchAll(/soak: heap=(\d+) delay=(\d+)/g)].at(-1);
    samples.push({
      minute: (Date.now() - started) / 60_000,
      heapMB: Number(report?.[1] ?? 0) / 2 ** 20,
      rssMB: groupRss(server.pid) / 2 ** 20,
      delayMs: Number(report?.[2] ?? 0),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    });
    allLatencies.push(...latencies);
    latencies = [];
    // The load generator keeps nothing it does not need, so its own memory stays flat too.
    for (const c of [...users.values(), prober, watcher]) {
      c.received.length = 0;
      c.skip();
    }
    for (const p of pollers) p.received.length = 0;
    const s = samples.at(-1)!;
    console.log(
      `soak: ${s.minute.toFixed(1)} min heap ${s.heapMB.toFixed(1)} MB rss ${s.rssMB.toFixed(1)} MB delay ${s.delayMs} ms latency p99 ${s.p99} ms`,
    );
  }
  await new Promise((r) => setTimeout(r, Math.max(0, due + 1000 - Date.now())));
}

/** Least-squares slope of heap (MB) over time (hours) after warm-up. */
function heapSlope(points: Sample[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.minute / 60, 0) / n;
  const my = points.reduce((a, p) => a + p.heapMB, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.minute / 60 - mx) * (p.heapMB - my);
    den += (p.minute / 60 - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
const warm = samples.filter((s) => s.minute >= MINUTES * WARMUP_SHARE);
const slope = heapSlope(warm);
const p99 = percentile(allLatencies, 99);
const stillUp = (await fetch(`${server.url}/api/statistics`)).ok;
const errors = (server.output().match(/ ERROR /g) ?? []).length;
// A slope under 2 MB/hour is noise for a heap of tens of MB (GC timing alone moves it that much).
const verdict = stillUp && errors === 0 && slope < 2 ? 'steady' : 'suspect';

const section = [
  `<!-- soak:${RUNTIME} -->`,
  `## ${RUNTIME}: ${MINUTES} min, ${new Date(started).toISOString()}`,
  '',
  `Machine: ${cpus().length} cores, load average at the end ${loadavg()[0]!.toFixed(2)}. Mix per second: 8 public lines, 3 DMs,`,
  `a camera or status change, a reaction, a latency probe; a user leaves and another joins every 2 s; ${POLLERS} polling`,
  `users poll every 2 s; statistics and a token from the API every 5 s, block/now every 30 s. ${USERS} users online.`,
  '',
  `**Verdict: ${verdict}.** Heap slope after warm-up (${(MINUTES * WARMUP_SHARE).toFixed(1)} min): ${slope.toFixed(2)} MB/hour;`,
  `delivery latency p99 ${p99} ms over ${allLatencies.length} probes; ${errors} error lines in the server log; server ${stillUp ? 'up' : 'DOWN'} at the end.`,
  '',
  '| minute | heap MB | RSS MB | worst event-loop delay ms | latency p50 ms | latency p99 ms |',
  '|---:|---:|---:|---:|---:|---:|',
  ...samples.map(
    (s) => `| ${s.minute.toFixed(1)} | ${s.heapMB.toFixed(1)} | ${s.rssMB.toFixed(1)} | ${s.delayMs} | ${s.p50} | ${s.p99} |`,
  ),
  `<!-- /soak:${RUNTIME} -->`,
].join('\n');

const header = [
  '# Soak runs',
  '',
  '`npm run soak -- --minutes 30 --runtime node|bun` (bench/soak.ts) writes its section here. Heap is',
  "V8's used heap as the server reports it every 10 s; RSS is the whole process group; event-loop delay",
  "is the worst lateness of a 50 ms timer in the window; latency is a public line's trip from sender to",
  'another user.',
  '',
].join('\n');
let doc = header;
try {
  doc = await readFile(SOAK_FILE, 'utf8');
} catch {
  // first run: start the file
}
const marker = new RegExp(`<!-- soak:${RUNTIME} -->[\\s\\S]*?<!-- /soak:${RUNTIME} -->`);
doc = marker.test(doc) ? doc.replace(marker, section) : `${doc.trimEnd()}\n\n${section}\n`;
await writeFile(SOAK_FILE, doc);
console.log(`soak: ${verdict}; heap slope ${slope.toFixed(2)} MB/hour, p99 ${p99} ms; written to bench/SOAK.md`);

for (const c of [...users.values(), prober, watcher]) c.close();
await server.stop();
process.exit(0);
