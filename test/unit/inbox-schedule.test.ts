// The inbox's pure scheduling: per-key order, other keys running past a held one, O(1) per event.

import { describe, expect, it } from 'vitest';
import { InboxSchedule, type QueuedEvent } from '../../src/guild/inbox-schedule';

function ev(eventId: string, key: string, member: string | null = null): QueuedEvent {
  return { eventId, key, member, mode: 'full' };
}

describe('InboxSchedule', () => {
  it('runs one event per key at a time, keys in arrival order', () => {
    const s = new InboxSchedule();
    s.push(ev('a1', 'A'));
    s.push(ev('a2', 'A'));
    s.push(ev('b1', 'B'));
    expect(s.take()?.eventId).toBe('a1');
    expect(s.take()?.eventId).toBe('b1');
    expect(s.take()).toBeNull(); // a2 waits for a1
    s.finish('A', { kind: 'done' });
    expect(s.take()?.eventId).toBe('a2');
  });

  it('a held key keeps its later events back until woken, while other keys run', () => {
    const s = new InboxSchedule();
    s.push(ev('a1', 'A'));
    s.push(ev('a2', 'A'));
    s.push(ev('b1', 'B'));
    expect(s.take()?.eventId).toBe('a1');
    s.finish('A', { kind: 'hold', until: 5_000 });
    expect(s.take()?.eventId).toBe('b1');
    expect(s.take()).toBeNull();
    expect(s.wake(4_999)).toBe(5_000);
    expect(s.take()).toBeNull();
    expect(s.wake(5_000)).toBeNull();
    expect(s.take()?.eventId).toBe('a1'); // the held event itself runs again first
  });

  it('a park restored after eviction holds its key from the start', () => {
    const s = new InboxSchedule();
    s.push(ev('a1', 'A'), 9_000);
    s.push(ev('a2', 'A'));
    s.push(ev('b1', 'B'));
    expect(s.take()?.eventId).toBe('b1');
    expect(s.take()).toBeNull();
    s.wake(9_000);
    expect(s.take()?.eventId).toBe('a1');
  });

  it('counts events per member and in total, and forgets them when done', () => {
    const s = new InboxSchedule();
    s.push(ev('a1', 'A', 'm1'));
    s.push(ev('a2', 'A', 'm1'));
    s.push(ev('g1', 'guild-state'));
    expect(s.size).toBe(3);
    expect(s.memberCount('m1')).toBe(2);
    s.take();
    s.finish('A', { kind: 'done' });
    expect(s.memberCount('m1')).toBe(1);
    expect(s.size).toBe(2);
  });

  it('schedules many events in linear time (no rescans): 20,000 events, 2,000 keys', () => {
    const s = new InboxSchedule();
    for (let i = 0; i < 20_000; i++) s.push(ev(`e${i}`, `k${i % 2_000}`));
    let done = 0;
    for (let next = s.take(); next; next = s.take()) {
      s.finish(next.key, { kind: 'done' });
      done++;
    }
    expect(done).toBe(20_000);
    expect(s.size).toBe(0);
  });
});
