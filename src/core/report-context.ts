import { channelKey } from './dm-history.ts';

/** Lines kept per channel or DM pair, for reports (docs/protocol.md#reports). */
export const CONTEXT_LINES = 30;
/** Channels and DM pairs remembered at once; the least recently active are forgotten first. */
export const CONTEXT_KEYS = 10_000;

/**
 * Recent raw chat lines per public channel and per DM pair, attached to reports so the website
 * sees what led up to them. In memory only, like the original.
 */
export class ReportContext {
  private readonly rings = new Map<string, string[]>();

  /** `"<YYYY-MM-DD HH:MM:SS> [user] text"` in UTC. */
  add(key: string, nowMs: number, username: string, text: string): void {
    const stamp = new Date(nowMs).toISOString().slice(0, 19).replace('T', ' ');
    const ring = this.rings.get(key) ?? [];
    // Re-inserting keeps the map in order of last activity.
    this.rings.delete(key);
    this.rings.set(key, ring);
    if (this.rings.size > CONTEXT_KEYS) this.rings.delete(this.rings.keys().next().value!);
    ring.push(`${stamp} [${username}] ${text}`);
    if (ring.length > CONTEXT_LINES) ring.shift();
  }

  lines(key: string): string[] {
    return [...(this.rings.get(key) ?? [])];
  }
}

/** The context key of a public channel, or of the DM between two users (the history's pair key). */
export function contextKey(channel: string, sender: string): string {
  return channel.startsWith('@') ? channelKey(sender, channel.slice(1)) : channel;
}
