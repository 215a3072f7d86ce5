/**
 * Flood limits per connection, from settings `[FloodLimits]`. Any frame: bursts of 200, 50 a second
 * sustained by default (the client sends one frame per muted or booted user on every reconnect, so
 * bursts must be generous). Actions that reach other people (chat, images, reactions, takebacks,
 * reports): bursts of 30, 10 a second. Changed limits (/reconfigure) apply to the next frame.
 */
export interface FloodLimits {
  FrameBurst: number;
  FramesPerSecond: number;
  ChatBurst: number;
  ChatPerSecond: number;
}
const SOCIAL_ACTIONS = new Set(['message', 'file', 'react', 'takeback', 'report']);

/**
 * One connection's token buckets (any frame, social actions). Both refill from the same instant:
 * topping a bucket up in steps or all at once gives the same tokens, so one timestamp serves both.
 */
class Buckets {
  /** Already told about this burst; stays quiet until a frame is accepted again. */
  warned = false;
  constructor(
    public frames: number,
    public social: number,
    public last: number,
  ) {}
}

export type FloodVerdict = 'ok' | 'warn' | 'drop';

/** Says whether a connection's next frame may be handled, and whether to tell it to slow down. */
export class FloodGuard<K extends object> {
  private readonly buckets = new WeakMap<K, Buckets>();

  constructor(private readonly settings: () => FloodLimits) {}

  check(key: K, action: string | undefined, now: number): FloodVerdict {
    const limits = this.settings();
    let l = this.buckets.get(key);
    if (!l) {
      l = new Buckets(limits.FrameBurst, limits.ChatBurst, now);
      this.buckets.set(key, l);
    }
    const seconds = Math.max(0, now - l.last) / 1000;
    l.last = now;
    l.frames = Math.min(limits.FrameBurst, l.frames + seconds * limits.FramesPerSecond);
    l.social = Math.min(limits.ChatBurst, l.social + seconds * limits.ChatPerSecond);
    let ok = l.frames >= 1;
    if (ok) l.frames -= 1;
    if (ok && action !== undefined && SOCIAL_ACTIONS.has(action)) {
      ok = l.social >= 1;
      if (ok) l.social -= 1;
    }
    if (ok) {
      l.warned = false;
      return 'ok';
    }
    if (l.warned) return 'drop';
    l.warned = true;
    return 'warn';
  }
}
