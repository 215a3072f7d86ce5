/**
 * Room-wide state that must outlive the process holding the room: a Cloudflare Durable Object is
 * evicted when idle and rebuilt on the next event (its sockets stay open), so bans, cached
 * blocklists, the message-id sequence, echo buffers, report context, link-spam records and polling
 * sessions are written through to its SQLite storage. Synchronous, because that storage is. On Node,
 * Bun and Deno the room lives as long as the process and passes no store (memory is all there is).
 */
export interface RoomStateStore {
  get(key: string): string | undefined;
  put(key: string, value: string): void;
  delete(key: string): void;
  /** Every entry whose key starts with `prefix`, least recently written first. */
  list(prefix: string): [key: string, value: string][];
}

/** A store in memory with the same semantics, for tests of what a rebuilt room restores. */
export function memoryStateStore(): RoomStateStore {
  const data = new Map<string, string>();
  return {
    get: (key) => data.get(key),
    put(key, value) {
      data.delete(key);
      data.set(key, value);
    },
    delete: (key) => void data.delete(key),
    list: (prefix) => [...data].filter(([key]) => key.startsWith(prefix)),
  };
}

/**
 * A Map that writes every change through to a state store under `prefix` and starts with what the
 * store holds. Values are JSON; a value mutated in place is written again with `set(key, value)`.
 * Without a store it is a plain Map.
 */
export class StoredMap<V> extends Map<string, V> {
  constructor(
    private readonly store: RoomStateStore | undefined,
    private readonly prefix: string,
  ) {
    super();
    for (const [key, value] of store?.list(prefix) ?? []) super.set(key.slice(prefix.length), JSON.parse(value) as V);
  }

  override set(key: string, value: V): this {
    super.set(key, value);
    this.store?.put(this.prefix + key, JSON.stringify(value));
    return this;
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had) this.store?.delete(this.prefix + key);
    return had;
  }

  override clear(): void {
    if (this.store) for (const key of this.keys()) this.store.delete(this.prefix + key);
    super.clear();
  }
}
