/**
 * DM history at scale: fills a libSQL file with 1,000,000 DMs across 10,000 conversations (or a
 * tenth of that with --quick) and times the history API's queries against a plain primary-key
 * SELECT on the same database.
 *
 *   node_modules/.bin/tsx bench/history.ts [--quick]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { channelKey } from '../src/core/dm-history.ts';
import { openDatabase, openHistory } from '../src/store/db.ts';
import { directMessages } from '../src/store/schema.ts';

export interface HistoryBenchRow {
  operation: string;
  p50Ms: number;
  p99Ms: number;
  /** p50 divided by the primary-key SELECT's p50. */
  vsBaseline: number;
}

export interface HistoryBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
}

const MESSAGES_PER_CONVERSATION = 100;
/** Each user talks with this many others (half started by them). */
const PARTNERS_PER_USER = 10;
const ROWS_PER_INSERT = 500;
const INSERTS_PER_TRANSACTION = 20;

/** Conversation `i` is between user `a` and user `a + k`, so every pair is distinct. */
function conversation(i: number, users: number): [string, string] {
  const a = i % users;
  const k = 1 + Math.floor(i / users);
  return [`user${a}`, `user${(a + k) % users}`];
}

export async function historyBench({
  quick = false,
  log = () => undefined,
}: HistoryBenchOptions = {}): Promise<HistoryBenchRow[]> {
  const conversations = quick ? 1_000 : 10_000;
  const users = (conversations * 2) / PARTNERS_PER_USER;
  const total = conversations * MESSAGES_PER_CONVERSATION;
  const dir = await mkdtemp(join(tmpdir(), 'barertc-bench-history-'));
  const file = join(dir, 'history.sqlite');
  const target = { url: pathToFileURL(file).href, file };
  try {
    const { client, db } = await openDatabase(target);
    const started = performance.now();
    const now = Math.floor(Date.now() / 1000);
    const span = 90 * 86_400;
    let id = 0;
    while (id < total) {
      const statements = [];
      for (let s = 0; s < INSERTS_PER_TRANSACTION && id < total; s++) {
        const args: (string | number)[] = [];
        const rows: string[] = [];
        for (let r = 0; r < ROWS_PER_INSERT && id < total; r++, id++) {
          // Messages of all conversations interleave over time, as in a real room.
          const [a, b] = conversation(id % conversations, users);
          const sender = Math.floor(id / conversations) % 2 === 0 ? a : b;
          rows.push('(?, ?, ?, ?, ?)');
          args.push(id + 1, channelKey(a, b), sender, `<p>message ${id + 1}</p>`, now - span + Math.floor((id * span) / total));
        }
        statements.push({
          sql: `INSERT INTO direct_messages (message_id, channel_id, username, message, timestamp) VALUES ${rows.join(', ')}`,
          args,
        });
      }
      await client.batch(statements, 'write');
    }
    log(
      `filled ${total.toLocaleString('en')} DMs in ${conversations.toLocaleString('en')} conversations in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const history = await openHistory(target);
    const iterations = quick ? 300 : 2_000;
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const time = async (
      count: number,
      op: (i: number) => Promise<unknown>,
      warmUp = true,
    ): Promise<{ p50: number; p99: number }> => {
      if (warmUp) for (let i = 0; i < Math.min(50, count); i++) await op(i);
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        await op(i);
        samples.push(performance.now() - t);
      }
      samples.sort((x, y) => x - y);
      const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
      return { p50: at(0.5), p99: at(0.99) };
    };

    const baseline = await time(iterations, () =>
      db
        .select()
        .from(directMessages)
        .where(eq(directMessages.messageID, 1 + random(total))),
    );
    const page = await time(iterations, () => {
      const [a, b] = conversation(random(conversations), users);
      return history.page(a, b, 0);
    });
    const partners = await time(iterations, () => history.partners(`user${random(users)}`, 'newest', 1));
    // Each clear erases one user's ~1,000 messages: users 11 apart share no conversation, so every
    // clear deletes a full set of rows (hence no warm-up either).
    const spacing = 2 * (PARTNERS_PER_USER / 2) + 1;
    const clear = await time(Math.min(200, Math.floor(users / spacing)), (i) => history.clear(`user${i * spacing}`), false);
    history.close();
    client.close();

    const row = (operation: string, r: { p50: number; p99: number }): HistoryBenchRow => ({
      operation,
      p50Ms: r.p50,
      p99Ms: r.p99,
      vsBaseline: r.p50 / baseline.p50,
    });
    return [
      row('SELECT one row by primary key (baseline)', baseline),
      row('history page (20 newest DMs + Remaining)', page),
      row('usernames page (newest)', partners),
      row('clear one user (~1,000 DMs)', clear),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function historyBenchTable(rows: HistoryBenchRow[]): string {
  const lines = ['| operation | p50 (ms) | p99 (ms) | p50 vs baseline |', '|---|---:|---:|---:|'];
  for (const r of rows)
    lines.push(`| ${r.operation} | ${r.p50Ms.toFixed(3)} | ${r.p99Ms.toFixed(3)} | ${r.vsBaseline.toFixed(1)}× |`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const rows = await historyBench({ quick, log: (line) => console.log(line) });
  console.log(
    `\n### DM history (${quick ? '100,000 DMs / 1,000' : '1,000,000 DMs / 10,000'} conversations, embedded libSQL file)\n`,
  );
  console.log(historyBenchTable(rows));
}
