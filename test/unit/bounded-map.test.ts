// setBounded: the in-memory memos (search results, stems, member roles) hold at most their limit, the oldest
// (least recently set) dropped first.

import { describe, expect, it } from 'vitest';
import { setBounded } from '../../src/bounded-map';

describe('setBounded', () => {
  it('keeps at most the limit, drops the oldest first, and counts a key set again as the newest', () => {
    const map = new Map<string, number>();
    for (const key of ['a', 'b', 'c']) setBounded(map, key, 1, 3);
    setBounded(map, 'a', 2, 3);
    setBounded(map, 'd', 1, 3);
    expect([...map.keys()]).toEqual(['c', 'a', 'd']);
    expect(map.get('a')).toBe(2);
    setBounded(map, 'e', 1, 1);
    expect([...map.keys()]).toEqual(['e']);
  });
});
