// In-memory memos bounded by count: a Map keeps insertion order, so its first key is the oldest entry.

/** Sets `key` in `map`, first dropping the oldest entries so that it holds at most `limit`. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  while (map.size >= limit) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
