/**
 * Spots connections whose outgoing data stopped draining (the client stopped reading): bytes are
 * pending and none have drained for longer than the send timeout. Sampled on a timer, so a stuck
 * client never delays a send to anyone else.
 */
export class SendWatchdog<K extends object> {
  /**
   * `since`: the sample at which the connection last made progress (undefined before the first
   * sample); `base`: the fan-out total when it joined the fan-out, while it is a member.
   */
  private readonly state = new WeakMap<K, { sent: number; drained: number; since: number | undefined; base?: number }>();
  /** Everything published to all fan-out members so far, counted once instead of per member. */
  private publishedTotal = 0;

  /** Count what was handed to the connection (UTF-16 length: at most its UTF-8 size, so never fakes progress). */
  sent(key: K, length: number): void {
    this.entry(key).sent += length;
  }

  /** Count a frame handed to every fan-out member at once. */
  published(length: number): void {
    this.publishedTotal += length;
  }

  /** From now on `key` gets what is published (it joined the fan-out). */
  joined(key: K): void {
    this.entry(key).base = this.publishedTotal;
  }

  /** `key` left the fan-out: what it was published so far counts as sent to it. */
  left(key: K): void {
    const s = this.state.get(key);
    if (s?.base === undefined) return;
    s.sent += this.publishedTotal - s.base;
    s.base = undefined;
  }

  /** Whether `key`, with `pending` bytes unsent now, has drained nothing for over `timeoutMs`. */
  stuck(key: K, pending: number, now: number, timeoutMs: number): boolean {
    const s = this.state.get(key);
    if (!s) return false;
    const sent = s.base === undefined ? s.sent : s.sent + this.publishedTotal - s.base;
    const drained = sent - pending;
    if (pending === 0 || drained > s.drained || s.since === undefined) {
      s.drained = drained;
      s.since = now;
      return false;
    }
    return now - s.since > timeoutMs;
  }

  private entry(key: K) {
    let s = this.state.get(key);
    if (!s) {
      s = { sent: 0, drained: 0, since: undefined };
      this.state.set(key, s);
    }
    return s;
  }
}
