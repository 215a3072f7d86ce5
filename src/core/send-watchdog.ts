/**
 * Spots connections whose outgoing data stopped draining (the client stopped reading): bytes are
 * pending and none have drained for longer than the send timeout. Sampled on a timer, so a stuck
 * client never delays a send to anyone else.
 */
export class SendWatchdog<K extends object> {
  private readonly state = new WeakMap<K, { sent: number; drained: number; since: number }>();

  private get(key: K, now: number) {
    let s = this.state.get(key);
    if (!s) this.state.set(key, (s = { sent: 0, drained: 0, since: now }));
    return s;
  }

  /** Count what was handed to the connection (UTF-16 length: at most its UTF-8 size, so never fakes progress). */
  sent(key: K, length: number, now: number): void {
    this.get(key, now).sent += length;
  }

  /** Whether `key`, with `pending` bytes unsent now, has drained nothing for over `timeoutMs`. */
  stuck(key: K, pending: number, now: number, timeoutMs: number): boolean {
    const s = this.get(key, now);
    const drained = s.sent - pending;
    if (pending === 0 || drained > s.drained) {
      s.drained = drained;
      s.since = now;
      return false;
    }
    return now - s.since > timeoutMs;
  }
}
