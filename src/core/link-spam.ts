import type { Settings } from '../settings/schema.ts';

/** How often stale link records are purged (docs/protocol.md#dm-link-spam). */
export const LINK_SPAM_SWEEP_MS = 5 * 60_000;

/** A URL-like token: optional scheme and www., a host, a 2–6 letter TLD, an optional path or query. */
const LINK = /(?:https?:\/\/)?(?:www\.)?[-a-zA-Z0-9@%._+~#=]{2,256}\.[a-z]{2,6}\b[-a-zA-Z0-9@:%_+.~#?&/=]*/g;

interface LinkRecord {
  /** DM channels (`@target`) this link was pasted into. */
  threads: Set<string>;
  lastSent: number;
  /** This record already got its author kicked once; the next offence is a ban. */
  kicked: boolean;
}

export type SpamVerdict = 'ok' | 'kick' | 'ban';

/**
 * Catches one user pasting the same link into many DM threads (docs/protocol.md#dm-link-spam): past
 * `MaxThreads` distinct recipients within `TimeLimit` seconds the first offence is a kick and the
 * next a ban. Admins are not exempt.
 */
export class LinkSpamTracker {
  /** sender → link text → record */
  private readonly records = new Map<string, Map<string, LinkRecord>>();

  constructor(private readonly config: () => Settings['DMLinkSpamProtection']) {}

  /** Record a DM's links; says what to do with the sender. */
  check(sender: string, channel: string, rawText: string, now: number): SpamVerdict {
    const config = this.config();
    if (!config.Enabled) return 'ok';
    let verdict: SpamVerdict = 'ok';
    for (const link of new Set(rawText.match(LINK) ?? [])) {
      let bySender = this.records.get(sender);
      if (!bySender) this.records.set(sender, (bySender = new Map()));
      let record = bySender.get(link);
      if (!record || this.expired(record, now))
        bySender.set(link, (record = { threads: new Set(), lastSent: now, kicked: false }));
      record.threads.add(channel);
      record.lastSent = now;
      if (record.threads.size <= config.MaxThreads) continue;
      if (record.kicked) verdict = 'ban';
      else if (verdict === 'ok') verdict = 'kick';
      record.kicked = true;
    }
    return verdict;
  }

  /** Forget links not pasted within the time limit. */
  sweep(now: number): void {
    for (const [sender, links] of this.records) {
      for (const [link, record] of links) if (this.expired(record, now)) links.delete(link);
      if (links.size === 0) this.records.delete(sender);
    }
  }

  private expired(record: LinkRecord, now: number): boolean {
    return now - record.lastSent > this.config().TimeLimit * 1000;
  }
}
