import { describe, expect, it } from 'vitest';
import { LazySet } from '../../src/core/lazy-set.ts';

describe('LazySet behaves like a Set', () => {
  it('for a random sequence of adds, deletes and clears', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const lazy = new LazySet<string>();
    const real = new Set<string>();
    for (let step = 0; step < 2000; step++) {
      const name = `user${Math.floor(random() * 20)}`;
      const roll = random();
      if (roll < 0.5) {
        expect(lazy.add(name)).toBe(lazy);
        real.add(name);
      } else if (roll < 0.95) expect(lazy.delete(name)).toBe(real.delete(name));
      else {
        lazy.clear();
        real.clear();
      }
      expect(lazy.size).toBe(real.size);
      expect(lazy.has(name)).toBe(real.has(name));
      expect([...lazy]).toEqual([...real]);
    }
  });

  it('is empty before anything is added', () => {
    const lazy = new LazySet<number>();
    expect(lazy.size).toBe(0);
    expect(lazy.has(1)).toBe(false);
    expect(lazy.delete(1)).toBe(false);
    expect([...lazy]).toEqual([]);
  });
});
