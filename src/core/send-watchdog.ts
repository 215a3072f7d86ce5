/**
 * Spots connections whose outgoing data stopped draining (the client stopped reading): pending
 * bytes that have not gone down for longer than the send timeout. Sampled on a timer, so a stuck
 * client never delays a send to anyone else.
 */
export class SendWatchdog<K extends object> {
  /** Per connection: pending bytes at the last sample, and when it last made progress. */
  private readonly samples = new WeakMap<K, { pending: number; since: number }>();

  /** Whether `key`, with `pending` bytes unsent now, has made no progress for over `timeoutMs`. */
  stuck(key: K, pending: number, now: number, timeoutMs: number): boolean {
    const last = this.samples.get(key);
    if (pending === 0 || !last || pending < last.pending) {
      this.samples.set(key, { pending, since: now });
      return false;
    }
    last.pending = pending;
    return now - last.since > timeoutMs;
  }
}
