import { channelKey } from './dm-history.ts';
import { StoredMap, type RoomStateStore } from './room-state.ts';

/** Lines kept per channel or DM pair, for reports (docs/protocol.md#reports). */
export const CONTEXT_LINES = 30;
/** Channels and DM pairs remembered at once; the least recently active are forgotten first. */
export const CONTEXT_KEYS = 10_000;

/**
 * Recent raw chat lines per public channel and per DM pair, attached to reports so the website
 * sees what led up to them. In memory, like the original (written through to the state store
 * where the room has one).
 */
export class ReportContext {
  private readonly rings: Map<string, string[]>;

  constructor(state?: RoomStateStore) {
    this.rings = new StoredMap(state, 'context:');
  }

  /** `"<YYYY-MM-DD HH:MM:SS> [user] text"` in UTC. */
  add(key: string, nowMs: number, username: string, text: string): void {
    const stamp = new Date(nowMs).toISOString().slice(0, 19).replace('T', ' ');
    const ring = this.rings.get(key) ?? [];
    ring.push(`${stamp} [${username}] ${text}`);
    if (ring.length > CONTEXT_LINES) ring.shift();
    // Re-inserting keeps the map in order of last activity.
    this.rings.delete(key);
    this.rings.set(key, ring);
    if (this.rings.size > CONTEXT_KEYS) this.rings.delete(this.rings.keys().next().value!);
  }

  lines(key: string): string[] {
    return [...(this.rings.get(key) ?? [])];
  }
}

/** The context key of a public channel, or of the DM between two users (the history's pair key). */
export function contextKey(channel: string, sender: string): string {
  return channel.startsWith('@') ? channelKey(sender, channel.slice(1)) : channel;
}
