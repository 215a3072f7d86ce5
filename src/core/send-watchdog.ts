/**
 * Spots connections whose outgoing data stopped draining (the client stopped reading): bytes are
 * pending and none have drained for longer than the send timeout. Sampled on a timer, so a stuck
 * client never delays a send to anyone else.
 */
export class SendWatchdog<K extends object> {
  /** `since`: the sample at which the connection last made progress (undefined before the first sample). */
  private readonly state = new WeakMap<K, { sent: number; drained: number; since: number | undefined }>();

  /** Count what was handed to the connection (UTF-16 length: at most its UTF-8 size, so never fakes progress). */
  sent(key: K, length: number): void {
    const s = this.state.get(key);
    if (s) s.sent += length;
    else this.state.set(key, { sent: length, drained: 0, since: undefined });
  }

  /** Whether `key`, with `pending` bytes unsent now, has drained nothing for over `timeoutMs`. */
  stuck(key: K, pending: number, now: number, timeoutMs: number): boolean {
    const s = this.state.get(key);
    if (!s) return false;
    const drained = s.sent - pending;
    if (pending === 0 || drained > s.drained || s.since === undefined) {
      s.drained = drained;
      s.since = now;
      return false;
    }
    return now - s.since > timeoutMs;
  }
}
