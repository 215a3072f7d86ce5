import { and, asc, count, desc, DrizzleQueryError, eq, lt, max, min, ne, or, sql, type SQL } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { channelKey } from '../core/dm-history.ts';
import type { DirectMessageStore, StoredDirectMessage } from '../core/ports.ts';
import type * as schema from './schema.ts';
import { directMessages as dm, recipientOf } from './schema.ts';

/**
 * The history database through any drizzle SQLite driver: libSQL (async: a file, sqld or Turso)
 * or a Durable Object's own SQLite (sync). The queries below run unchanged on both.
 */
export type HistoryDatabase = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;

/** Messages per `/api/message/history` page (the original's). */
export const HISTORY_PAGE_SIZE = 20;
/** Names per `/api/message/usernames` page (the original's). */
export const USERNAMES_PAGE_SIZE = 9;

export type PartnerSort = 'newest' | 'oldest' | 'a-z' | 'z-a';

export type HistoryMessage = Pick<StoredDirectMessage, 'msgID' | 'username' | 'message' | 'timestamp'>;

export interface PartnerPage {
  usernames: string[];
  /** Conversations the user has, including ones where the partner never wrote back. */
  count: number;
}

const recipient = recipientOf(dm.channelID, dm.username);

/**
 * Partner order: newest/oldest rank each partner by their latest/earliest message to the user
 * (the obvious intent of the original, whose SQL ranks both by the earliest), names break ties;
 * names compare byte-wise (`Bob` before `alice`).
 */
const partnerOrder: Record<PartnerSort, SQL[]> = {
  newest: [desc(max(dm.timestamp)), asc(dm.username)],
  oldest: [asc(min(dm.timestamp)), asc(dm.username)],
  'a-z': [asc(dm.username)],
  'z-a': [desc(dm.username)],
};

/**
 * Run a query, failing with the driver's own error: drizzle's wrapper quotes the parameters,
 * which would put DM text into logs and API replies.
 */
async function q<T>(query: PromiseLike<T>): Promise<T> {
  try {
    return await query;
  } catch (err) {
    throw err instanceof DrizzleQueryError && err.cause instanceof Error ? err.cause : err;
  }
}

/**
 * Delete matching rows and count them. The drivers report affected rows differently (libSQL's
 * `rowsAffected`, a Durable Object cursor's `rowsWritten`, which counts index writes too), so
 * the rows come back through RETURNING, which both count the same.
 */
async function deleted(db: HistoryDatabase, where: SQL | undefined): Promise<number> {
  const rows = await q(db.delete(dm).where(where).returning({ id: dm.messageID }));
  return rows.length;
}

/**
 * DM history: the room's store plus the history API's queries, on a migrated database
 * (`openHistory` in db.ts on Node, Bun and Deno; `adapters/durable-history.ts` on Workers).
 */
export class DirectMessageHistory implements DirectMessageStore {
  constructor(
    private readonly db: HistoryDatabase,
    /** Releases the connection (nothing to release for a Durable Object's storage). */
    private readonly release: () => void = () => undefined,
  ) {}

  async add(m: StoredDirectMessage): Promise<void> {
    await q(
      this.db.insert(dm).values({
        messageID: m.msgID,
        channelID: m.channelID,
        username: m.username,
        message: m.message,
        timestamp: m.timestamp,
      }),
    );
  }

  async remove(msgID: number, sender?: string): Promise<boolean> {
    const where = sender === undefined ? eq(dm.messageID, msgID) : and(eq(dm.messageID, msgID), eq(dm.username, sender));
    return (await deleted(this.db, where)) > 0;
  }

  /** The highest stored msgID (0 when empty), so a restarted server does not reuse ids. */
  async lastMsgID(): Promise<number> {
    const [row] = await q(this.db.select({ id: max(dm.messageID) }).from(dm));
    return row?.id ?? 0;
  }

  /**
   * A page of the conversation between two users, newest first, below `beforeID` (0 = from the
   * newest), and how many older messages remain below it.
   */
  async page(a: string, b: string, beforeID: number): Promise<{ messages: HistoryMessage[]; remaining: number }> {
    const channel = eq(dm.channelID, channelKey(a, b));
    const rows = await q(
      this.db
        .select({ msgID: dm.messageID, username: dm.username, message: dm.message, timestamp: dm.timestamp })
        .from(dm)
        .where(beforeID > 0 ? and(channel, lt(dm.messageID, beforeID)) : channel)
        .orderBy(desc(dm.messageID))
        .limit(HISTORY_PAGE_SIZE),
    );
    const messages = rows.map((r) => ({
      msgID: r.msgID,
      username: r.username ?? '',
      message: r.message ?? '',
      timestamp: r.timestamp ?? 0,
    }));
    const oldest = messages.at(-1);
    if (!oldest) return { messages, remaining: 0 };
    const [left] = await q(
      this.db
        .select({ n: count() })
        .from(dm)
        .where(and(channel, lt(dm.messageID, oldest.msgID))),
    );
    return { messages, remaining: left?.n ?? 0 };
  }

  /** One page (from 1) of the people who wrote to `user`, and how many conversations `user` has. */
  async partners(user: string, sort: PartnerSort, page: number): Promise<PartnerPage> {
    const sent = this.db
      .selectDistinct({ partner: sql<string | null>`${recipient}` })
      .from(dm)
      .where(eq(dm.username, user));
    const received = this.db.selectDistinct({ partner: dm.username }).from(dm).where(eq(recipient, user));
    const [threads] = await q(this.db.select({ n: count() }).from(sent.union(received).as('threads')));
    const total = threads?.n ?? 0;
    if (total === 0) return { usernames: [], count: 0 };
    const rows = await q(
      this.db
        .select({ username: dm.username })
        .from(dm)
        .where(and(eq(recipient, user), ne(dm.username, user)))
        .groupBy(dm.username)
        .orderBy(...partnerOrder[sort])
        .limit(USERNAMES_PAGE_SIZE)
        .offset((Math.max(1, page) - 1) * USERNAMES_PAGE_SIZE),
    );
    return { usernames: rows.map((r) => r.username ?? ''), count: total };
  }

  /** Erase both sides of every conversation of `user`; resolves how many messages went. */
  async clear(user: string): Promise<number> {
    return deleted(this.db, or(eq(dm.username, user), eq(recipient, user)));
  }

  /** Delete messages stored before `cutoff` (unix seconds); resolves how many went. */
  async deleteOlderThan(cutoff: number): Promise<number> {
    return deleted(this.db, lt(dm.timestamp, cutoff));
  }

  close(): void {
    this.release();
  }
}
