import { describe, expect, it } from 'vitest';
import { BlocklistCache } from '../../src/core/blocklist-cache.ts';

describe('the cached blocklists', () => {
  it('hands back what the website stored for a user, and an empty list for anyone else', () => {
    const cache = new BlocklistCache();
    cache.set('alice', ['bob', 'carol']);
    expect(cache.get('alice')).toEqual(['bob', 'carol']);
    expect(cache.get('dave')).toEqual([]);
  });

  it("replaces a user's list on a new post", () => {
    const cache = new BlocklistCache();
    cache.set('alice', ['bob']);
    cache.set('alice', []);
    expect(cache.get('alice')).toEqual([]);
  });

  it('forgets the least recently posted user when full', () => {
    const cache = new BlocklistCache(2);
    cache.set('a', ['x']);
    cache.set('b', ['y']);
    cache.set('a', ['x2']);
    cache.set('c', ['z']);
    expect(cache.get('b')).toEqual([]);
    expect(cache.get('a')).toEqual(['x2']);
    expect(cache.get('c')).toEqual(['z']);
  });
});
