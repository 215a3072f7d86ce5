const EMPTY: ReadonlySet<never> = new Set();

/**
 * A Set whose table is allocated with its first member. Most sessions never boot, mute, block or
 * invite anyone, and an empty Set's table costs ~170 bytes: with five per session that was a
 * fifth of an idle connection's heap (bench/RESULTS.md).
 */
export class LazySet<T> implements Iterable<T> {
  private members: Set<T> | undefined;

  get size(): number {
    return this.members?.size ?? 0;
  }
  has(value: T): boolean {
    return this.members?.has(value) ?? false;
  }
  add(value: T): this {
    (this.members ??= new Set()).add(value);
    return this;
  }
  delete(value: T): boolean {
    return this.members?.delete(value) ?? false;
  }
  clear(): void {
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
