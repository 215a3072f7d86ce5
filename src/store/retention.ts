import { formatLocalRfc3339 } from '../core/format.ts';
import type { Clock, Logger, Timers } from '../core/ports.ts';
import type { DirectMessageHistory } from './history.ts';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  history: Pick<DirectMessageHistory, 'deleteOlderThan'>;
  /** Read on every run, so /reconfigure applies. 0 or less keeps messages forever. */
  retentionDays: () => number;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** Purge once now, before the first day is up (default true). */
  immediately?: boolean;
}

/** Delete messages older than RetentionDays now, then once a day. Resolves (after the first run) to a stop function. */
export async function startRetention(opts: RetentionOptions): Promise<() => void> {
  if (opts.immediately !== false) await purgeExpired(opts);
  return opts.timers.setInterval(() => purgeExpired(opts), DAY_MS, 'retention');
}

async function purgeExpired({ history, retentionDays, clock, logger }: RetentionOptions): Promise<void> {
  const days = retentionDays();
  if (days <= 0) return;
  const cutoff = Math.floor(clock.now() / 1000) - days * 86_400;
  logger.info(`Deleting old DM history past ${days} days (cutoff: ${formatLocalRfc3339(cutoff * 1000)})`);
  try {
    const n = await history.deleteOlderThan(cutoff);
    logger.info(`Deleted ${n} old direct messages`);
  } catch (err) {
    logger.error(`could not delete old DM history: ${String(err)}`);
  }
}
