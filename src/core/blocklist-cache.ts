import { StoredMap, type RoomStateStore } from './room-state.ts';

/** How many users' blocklists are kept; the oldest entry goes first (websites post one just before a user enters). */
export const MAX_CACHED_BLOCKLISTS = 50_000;

/**
 * Blocklists a website posted with /api/blocklist, by username, kept in memory until restart
 * (written through to the state store where the room has one).
 * The chat page of a JWT user embeds theirs; their client then sends it as a `blocklist` action.
 */
export class BlocklistCache {
  private readonly lists: Map<string, readonly string[]>;

  constructor(
    private readonly capacity = MAX_CACHED_BLOCKLISTS,
    state?: RoomStateStore,
  ) {
    this.lists = new StoredMap(state, 'blocklist:');
  }

  /** Replace the user's cached list. */
  set(username: string, blocklist: readonly string[]): void {
    this.lists.delete(username);
    this.lists.set(username, [...blocklist]);
    if (this.lists.size > this.capacity) {
      const oldest = this.lists.keys().next().value as string;
      this.lists.delete(oldest);
    }
  }

  /** The user's cached list, or an empty one. */
  get(username: string): readonly string[] {
    return this.lists.get(username) ?? [];
  }
}
