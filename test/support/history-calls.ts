import type { StoredDirectMessage } from '../../src/core/ports.ts';
import type { DirectMessageHistory, PartnerSort } from '../../src/store/history.ts';

/** One call on a DM history store, as JSON, so a sequence can be replayed on stores in other processes (workerd). */
export type HistoryCall =
  | { call: 'add'; dm: StoredDirectMessage }
  | { call: 'remove'; msgID: number; sender?: string }
  | { call: 'page'; a: string; b: string; beforeID: number }
  | { call: 'partners'; user: string; sort: PartnerSort; page: number }
  | { call: 'clear'; user: string }
  | { call: 'deleteOlderThan'; cutoff: number }
  | { call: 'lastMsgID' };

/**
 * What the call resolved to, or that it failed. Drivers word their errors differently, so a
 * failure keeps only whether it was a uniqueness violation (a reused msgID).
 */
export type HistoryAnswer = { ok: true; value: unknown } | { ok: false; uniqueViolation: boolean };

export async function runHistoryCall(history: DirectMessageHistory, c: HistoryCall): Promise<HistoryAnswer> {
  try {
    const value = await (async () => {
      switch (c.call) {
        case 'add':
          return history.add(c.dm);
        case 'remove':
          return history.remove(c.msgID, c.sender);
        case 'page':
          return history.page(c.a, c.b, c.beforeID);
        case 'partners':
          return history.partners(c.user, c.sort, c.page);
        case 'clear':
          return history.clear(c.user);
        case 'deleteOlderThan':
          return history.deleteOlderThan(c.cutoff);
        case 'lastMsgID':
          return history.lastMsgID();
      }
    })();
    return { ok: true, value: value ?? null };
  } catch (err) {
    return { ok: false, uniqueViolation: /UNIQUE|PRIMARY KEY/i.test(String(err)) };
  }
}
