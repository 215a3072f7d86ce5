// The load generator: a separate process (forked by bench/run.ts) so the server under test keeps
// its own core. It takes one job at a time over IPC and answers with the measurements.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { groupCpuSeconds } from './proc.ts';

export interface FanoutJob {
  kind: 'fanout';
  url: string;
  clients: number;
  senders: number;
  /** Messages each sender keeps in flight: it sends the next when its own copy comes back. */
  window: number;
  payloadBytes: number;
  /** Log every client in first (our room); the echo baseline takes frames without a login. */
  login: boolean;
  warmupMs: number;
  durationMs: number;
  /** Process group of the server, whose CPU time is read over the measured window. */
  serverPgid: number;
}

export interface FanoutResult {
  delivered: number;
  perSecond: number;
  /** Server CPU seconds (user + system) spent in the measured window. */
  serverCpuSeconds: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface StormJob {
  kind: 'storm';
  url: string;
  clients: number;
  spreadMs: number;
  /** How long the who lists must stay unchanged once they are all correct. */
  quietMs: number;
  timeoutMs: number;
}

export interface StormResult {
  settled: boolean;
  /** From the first login sent to the moment the last client received its final, correct list. */
  settleMs: number;
  /** Payload bytes of every frame the server sent from the first login until settled. */
  bytes: number;
  whoFrames: number;
  correctClients: number;
}

export interface IdleJob {
  kind: 'idle';
  url: string;
  clients: number;
  login: boolean;
}

export interface HttpJob {
  kind: 'http';
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  connections: number;
  durationMs: number;
}

export interface HttpResult {
  status: number;
  /** Successful (2xx) answers per second: refusals such as 429 are fast and must not count. */
  perSecond: number;
  non2xx: number;
  errors: number;
}

export type Job = FanoutJob | StormJob | IdleJob | HttpJob | { kind: 'release' };

/** A client whose incoming frames go to a handler the current job swaps in. */
interface Client {
  ws: WebSocket;
  index: number;
  name: string;
  onFrame: (data: Buffer) => void;
}

const CONNECT_TIMEOUT_MS = 20_000;
const LOGIN_TIMEOUT_MS = 60_000;
let held: Client[] = [];

function connect(url: string, index: number, name: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client: Client = { ws, index, name, onFrame: () => {} };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`connect timed out after ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    ws.on('message', (data: Buffer) => client.onFrame(data));
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(client);
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Open `n` sockets, a bounded number at a time. */
async function connectMany(url: string, n: number, prefix: string): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 100); j++) batch.push(connect(url, j, `${prefix}${String(j).padStart(5, '0')}`));
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

const startsWith = (data: Buffer, prefix: Buffer) =>
  data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
const ME = Buffer.from('{"action":"me"');
const WHO = Buffer.from('{"action":"who"');
const ERROR = Buffer.from('{"action":"error"');

/** Log every client in (a bounded number at a time) and wait for each `me`. */
async function loginAll(clients: Client[]): Promise<void> {
  const deadline = Date.now() + LOGIN_TIMEOUT_MS;
  for (let i = 0; i < clients.length; i += 100) {
    await Promise.all(
      clients.slice(i, i + 100).map(
        (c) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`${c.name} got no "me" reply`)), Math.max(1, deadline - Date.now()));
            c.onFrame = (data) => {
              if (!startsWith(data, ME)) return;
              clearTimeout(timer);
              c.onFrame = () => {};
              resolve();
            };
            c.ws.send(JSON.stringify({ action: 'login', username: c.name }));
          }),
      ),
    );
  }
}

/** Wait until no client has received anything for `quietMs` (who lists and presence settle). */
async function quiet(clients: Client[], quietMs: number, maxMs: number): Promise<void> {
  let last = performance.now();
  for (const c of clients) c.onFrame = () => (last = performance.now());
  const until = performance.now() + maxMs;
  while (performance.now() < until && performance.now() - last < quietMs) await sleep(50);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function closeAll(clients: Client[]): void {
  for (const c of clients) c.ws.terminate();
}

// ---- broadcast fan-out --------------------------------------------------------------------

/** Latency histogram in 0.1 ms buckets up to 60 s. */
class Histogram {
  private readonly buckets = new Uint32Array(600_000);
  count = 0;
  add(ms: number): void {
    this.buckets[Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms * 10)))]!++;
    this.count++;
  }
  percentile(p: number): number {
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank && seen > 0) return i / 10;
    }
    return NaN;
  }
}

const Q = 'Q'.charCodeAt(0);

/** Read the unsigned integer at `at` in `data`; returns it and where it ended. */
function readInt(data: Buffer, at: number): [number, number] {
  let n = 0;
  let i = at;
  for (; i < data.length; i++) {
    const d = data[i]! - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return [n, i];
}

async function fanout(job: FanoutJob): Promise<FanoutResult> {
  const clients = await connectMany(job.url, job.clients, 'fan');
  try {
    if (job.login) {
      await loginAll(clients);
      await quiet(clients, 500, 20_000);
    }
    const hist = new Histogram();
    const inflight = new Int32Array(job.senders);
    let errors = 0;
    let measuring = false;
    let sending = true;
    const start = performance.now();
    const measureFrom = start + job.warmupMs;
    const measureTo = measureFrom + job.durationMs;
    const send = (sid: number) => {
      const head = `Q${sid}t${Math.round(performance.now() * 1000)}Q `;
      const message = head + 'x'.repeat(Math.max(0, job.payloadBytes - head.length));
      clients[sid]!.ws.send(JSON.stringify({ action: 'message', channel: 'lobby', message }));
      inflight[sid]!++;
    };
    for (const c of clients) {
      const isSender = c.index < job.senders;
      c.onFrame = (data) => {
        const at = data.indexOf(Q);
        if (at < 0) {
          if (startsWith(data, ERROR)) errors++;
          return;
        }
        const now = performance.now();
        const [sid, afterSid] = readInt(data, at + 1);
        const [micros] = readInt(data, afterSid + 1);
        if (measuring) hist.add(now - micros / 1000);
        if (isSender && sid === c.index) {
          inflight[sid]!--;
          if (sending) send(sid);
        }
      };
    }
    for (let s = 0; s < job.senders; s++) for (let w = 0; w < job.window; w++) send(s);
    await sleep(job.warmupMs);
    const cpuFrom = groupCpuSeconds(job.serverPgid);
    measuring = true;
    await sleep(Math.max(0, measureTo - performance.now()));
    measuring = false;
    const serverCpuSeconds = groupCpuSeconds(job.serverPgid) - cpuFrom;
    sending = false;
    const delivered = hist.count;
    // Let the frames in flight drain before the sockets close, so the next run starts clean.
    const drainUntil = performance.now() + 5000;
    while (inflight.some((n) => n > 0) && performance.now() < drainUntil) await sleep(20);
    return {
      delivered,
      perSecond: delivered / (job.durationMs / 1000),
      serverCpuSeconds,
      p50: hist.percentile(50),
      p99: hist.percentile(99),
      errors,
    };
  } finally {
    closeAll(clients);
  }
}

// ---- join storm ---------------------------------------------------------------------------

const GUEST_KEYS = 'loginAt,op,status,username,video';

/** The exact list docs/protocol.md#what-each-viewer-sees gives every guest when only guests are online: everyone, sorted, cameras off. */
function isCompleteList(text: string, expected: string[]): boolean {
  const msg = JSON.parse(text) as { whoList?: Array<Record<string, unknown>> };
  const list = msg.whoList ?? [];
  if (list.length !== expected.length) return false;
  return list.every(
    (e, i) =>
      e['username'] === expected[i] &&
      e['status'] === 'online' &&
      e['video'] === 0 &&
      e['op'] === false &&
      typeof e['loginAt'] === 'number' &&
      Object.keys(e).sort().join(',') === GUEST_KEYS,
  );
}

async function storm(job: StormJob): Promise<StormResult> {
  const clients = await connectMany(job.url, job.clients, 'join');
  try {
    const expected = clients.map((c) => c.name).sort();
    const lastWho: (Buffer | undefined)[] = new Array(clients.length);
    const lastWhoAt = new Float64Array(clients.length);
    const correct = new Uint8Array(clients.length);
    let bytes = 0;
    let whoFrames = 0;
    let lastWhoAny = 0;
    for (const c of clients) {
      c.onFrame = (data) => {
        bytes += data.length;
        if (!startsWith(data, WHO)) return;
        whoFrames++;
        lastWho[c.index] = data;
        lastWhoAt[c.index] = lastWhoAny = performance.now();
        correct[c.index] = 0;
      };
    }
    const t0 = performance.now();
    let nextLogin = 0;
    while (nextLogin < clients.length) {
      const due = Math.min(clients.length, Math.floor(((performance.now() - t0) / job.spreadMs) * clients.length) + 1);
      for (; nextLogin < due; nextLogin++)
        clients[nextLogin]!.ws.send(JSON.stringify({ action: 'login', username: clients[nextLogin]!.name }));
      await sleep(5);
    }
    // Checking is cheap: identical frames are compared as bytes against one already parsed.
    const good: Buffer[] = [];
    const check = () => {
      let all = true;
      for (let i = 0; i < clients.length; i++) {
        if (correct[i]) continue;
        const data = lastWho[i];
        if (data && (good.some((g) => g.equals(data)) || (isCompleteList(data.toString(), expected) && good.push(data))))
          correct[i] = 1;
        else all = false;
      }
      return all;
    };
    const until = t0 + job.timeoutMs;
    while (performance.now() < until) {
      if (check() && performance.now() - lastWhoAny >= job.quietMs) {
        const bytesAtSettle = bytes;
        return {
          settled: true,
          settleMs: Math.max(...lastWhoAt) - t0,
          bytes: bytesAtSettle,
          whoFrames,
          correctClients: clients.length,
        };
      }
      await sleep(25);
    }
    check();
    return { settled: false, settleMs: NaN, bytes, whoFrames, correctClients: correct.reduce((a, b) => a + b, 0) };
  } finally {
    closeAll(clients);
  }
}

// ---- idle connections ---------------------------------------------------------------------

async function idle(job: IdleJob): Promise<{ clients: number }> {
  held = await connectMany(job.url, job.clients, 'idle');
  if (job.login) await loginAll(held);
  await quiet(held, 1000, 30_000);
  return { clients: held.length };
}

// ---- HTTP ---------------------------------------------------------------------------------

async function http(job: HttpJob): Promise<HttpResult> {
  const init: RequestInit = { method: job.method };
  if (job.body !== undefined) {
    init.body = job.body;
    init.headers = { 'Content-Type': 'application/json' };
  }
  const probe = await fetch(job.url, init);
  await probe.arrayBuffer();
  if (probe.status === 404) return { status: 404, perSecond: NaN, non2xx: 0, errors: 0 };
  const result = await autocannon({
    url: job.url,
    method: job.method,
    connections: job.connections,
    duration: job.durationMs / 1000,
    ...(job.body !== undefined ? { body: job.body, headers: { 'content-type': 'application/json' } } : {}),
  });
  return { status: probe.status, perSecond: result['2xx'] / result.duration, non2xx: result.non2xx, errors: result.errors };
}

// ---- IPC ----------------------------------------------------------------------------------

async function run(job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'fanout':
      return fanout(job);
    case 'storm':
      return storm(job);
    case 'idle':
      return idle(job);
    case 'http':
      return http(job);
    case 'release':
      closeAll(held);
      held = [];
      return {};
  }
}

process.on('message', (job: Job) => {
  run(job).then(
    (result) => process.send!({ ok: true, result }),
    (err: unknown) => process.send!({ ok: false, error: (err as Error).stack ?? String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
