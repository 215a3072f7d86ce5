const EMPTY: ReadonlySet<never> = new Set();

/** Told when a set it owns changes (a session whose state is persisted). */
export interface ChangeListener {
  changed(): void;
}

/**
 * A Set whose table is allocated with its first member. Most sessions never boot, mute, block or
 * invite anyone, and an empty Set's table costs ~170 bytes: with five per session that was a
 * fifth of an idle connection's heap (bench/RESULTS.md). An `owner` hears about every change.
 */
export class LazySet<T> implements Iterable<T> {
  private members: Set<T> | undefined;

  constructor(private readonly owner?: ChangeListener) {}

  get size(): number {
    return this.members?.size ?? 0;
  }
  has(value: T): boolean {
    return this.members?.has(value) ?? false;
  }
  add(value: T): this {
    const members = (this.members ??= new Set());
    if (!members.has(value)) {
      members.add(value);
      this.owner?.changed();
    }
    return this;
  }
  delete(value: T): boolean {
    const had = this.members?.delete(value) ?? false;
    if (had) this.owner?.changed();
    return had;
  }
  clear(): void {
    if (this.members?.size) this.owner?.changed();
    this.members = undefined;
  }
  [Symbol.iterator](): Iterator<T> {
    return (this.members ?? EMPTY).values();
  }
}

/**
 * A LazySet whose every change bumps one counter shared by all of them, so the room can cache
 * a fact about every session's set (nobody mutes or blocks anyone) until one of them changes.
 */
export class WatchedSet<T> extends LazySet<T> {
  static version = 0;

  override add(value: T): this {
    WatchedSet.version++;
    return super.add(value);
  }
  override delete(value: T): boolean {
    WatchedSet.version++;
    return super.delete(value);
  }
  override clear(): void {
    WatchedSet.version++;
    super.clear();
  }
}
