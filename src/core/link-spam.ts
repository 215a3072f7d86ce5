import type { Settings } from '../settings/schema.ts';
import { StoredMap, type RoomStateStore } from './room-state.ts';

/** How often stale link records are purged (docs/protocol.md#dm-link-spam). */
export const LINK_SPAM_SWEEP_MS = 5 * 60_000;

/** A URL-like token: optional scheme and www., a host, a 2–6 letter TLD, an optional path or query. */
const LINK = /(?:https?:\/\/)?(?:www\.)?[-a-zA-Z0-9@%._+~#=]{2,256}\.[a-z]{2,6}\b[-a-zA-Z0-9@:%_+.~#?&/=]*/g;

interface LinkRecord {
  /** DM channels (`@target`) this link was pasted into. */
  threads: string[];
  lastSent: number;
  /** This record already got its author kicked once; the next offence is a ban. */
  kicked: boolean;
}

export type SpamVerdict = 'ok' | 'kick' | 'ban';

/**
 * Catches one user pasting the same link into many DM threads (docs/protocol.md#dm-link-spam): past
 * `MaxThreads` distinct recipients within `TimeLimit` seconds the first offence is a kick and the
 * next a ban. Admins are not exempt. Records are plain data, written through to the state store
 * where the room has one.
 */
export class LinkSpamTracker {
  /** sender → link text → record */
  private readonly records: Map<string, Record<string, LinkRecord>>;

  constructor(
    private readonly config: () => Settings['DMLinkSpamProtection'],
    state?: RoomStateStore,
  ) {
    this.records = new StoredMap(state, 'spam:');
  }

  /** Record a DM's links; says what to do with the sender. */
  check(sender: string, channel: string, rawText: string, now: number): SpamVerdict {
    const config = this.config();
    if (!config.Enabled) return 'ok';
    const links = new Set(rawText.match(LINK) ?? []);
    if (links.size === 0) return 'ok';
    let verdict: SpamVerdict = 'ok';
    const bySender: Record<string, LinkRecord> = this.records.get(sender) ?? Object.create(null);
    for (const link of links) {
      let record: LinkRecord | undefined = bySender[link];
      if (!record || this.expired(record, now)) bySender[link] = record = { threads: [], lastSent: now, kicked: false };
      if (!record.threads.includes(channel)) record.threads.push(channel);
      record.lastSent = now;
      if (record.threads.length <= config.MaxThreads) continue;
      if (record.kicked) verdict = 'ban';
      else if (verdict === 'ok') verdict = 'kick';
      record.kicked = true;
    }
    this.records.set(sender, bySender);
    return verdict;
  }

  /** Forget links not pasted within the time limit. */
  sweep(now: number): void {
    for (const [sender, links] of this.records) {
      let changed = false;
      for (const [link, record] of Object.entries(links)) {
        if (!this.expired(record, now)) continue;
        delete links[link];
        changed = true;
      }
      if (Object.keys(links).length === 0) this.records.delete(sender);
      else if (changed) this.records.set(sender, links);
    }
  }

  private expired(record: LinkRecord, now: number): boolean {
    return now - record.lastSent > this.config().TimeLimit * 1000;
  }
}
