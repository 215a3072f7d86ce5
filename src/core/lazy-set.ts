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
