/** A token bucket: `capacity` actions at once, refilled at `perSecond`. Time comes from the caller. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Spend one token if there is one. */
  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Flood limits per connection, from settings `[FloodLimits]`. Any frame: bursts of 200, 50 a second
 * sustained by default (the client sends one frame per muted or booted user on every reconnect, so
 * bursts must be generous). Actions that reach other people (chat, images, reactions, takebacks,
 * reports): bursts of 30, 10 a second. A connection's limits are fixed when it sends its first frame.
 */
export interface FloodLimits {
  FrameBurst: number;
  FramesPerSecond: number;
  ChatBurst: number;
  ChatPerSecond: number;
}
const SOCIAL_ACTIONS = new Set(['message', 'file', 'react', 'takeback', 'report']);

interface Limits {
  frames: TokenBucket;
  social: TokenBucket;
  /** Already told about this burst; stays quiet until a frame is accepted again. */
  warned: boolean;
}

export type FloodVerdict = 'ok' | 'warn' | 'drop';

/** Says whether a connection's next frame may be handled, and whether to tell it to slow down. */
export class FloodGuard<K extends object> {
  private readonly limits = new WeakMap<K, Limits>();

  constructor(private readonly settings: () => FloodLimits) {}

  check(key: K, action: string | undefined, now: number): FloodVerdict {
    let l = this.limits.get(key);
    if (!l) {
      const limits = this.settings();
      l = {
        frames: new TokenBucket(limits.FrameBurst, limits.FramesPerSecond, now),
        social: new TokenBucket(limits.ChatBurst, limits.ChatPerSecond, now),
        warned: false,
      };
      this.limits.set(key, l);
    }
    const ok = l.frames.take(now) && (action === undefined || !SOCIAL_ACTIONS.has(action) || l.social.take(now));
    if (ok) {
      l.warned = false;
      return 'ok';
    }
    if (l.warned) return 'drop';
    l.warned = true;
    return 'warn';
  }
}
