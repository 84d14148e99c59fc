// The shard stores as "done" only a sequence every earlier dispatch has settled at, so a RESUME from it after
// an eviction replays whatever was still in flight (and the guild actors drop the rest as duplicates).

import { describe, expect, it } from 'vitest';
import { SequenceWatermark } from '../../src/gateway/watermark';

describe('SequenceWatermark', () => {
  it('advances only over an unbroken run of settled dispatches', () => {
    const mark = new SequenceWatermark(null);
    const [a, b, c] = [mark.receive(1), mark.receive(2), mark.receive(3)];
    mark.settle(b);
    expect(mark.value).toBeNull();
    mark.settle(a);
    expect(mark.value).toBe(2);
    expect(mark.pending).toBe(1);
    mark.settle(c);
    expect(mark.value).toBe(3);
    expect(mark.pending).toBe(0);
  });

  it('starts from the stored value and ignores numbers at or below it', () => {
    const mark = new SequenceWatermark(40);
    mark.settle(mark.receive(40));
    expect(mark.value).toBe(40);
    mark.settle(mark.receive(41));
    expect(mark.value).toBe(41);
  });

  it('ignores tickets of an earlier session after a reset', () => {
    const mark = new SequenceWatermark(null);
    const old = mark.receive(5);
    mark.reset(null);
    const fresh = mark.receive(1);
    const sameNumber = mark.receive(5);
    mark.settle(old);
    expect(mark.pending).toBe(2);
    mark.settle(fresh);
    expect(mark.value).toBe(1);
    mark.settle(sameNumber);
    expect(mark.value).toBe(5);
  });

  it('stays correct over many events (the queue is compacted as it goes)', () => {
    const mark = new SequenceWatermark(null);
    const tickets = Array.from({ length: 5_000 }, (_, i) => mark.receive(i + 1));
    // Settled in pairs, the later of each pair first.
    for (let i = 0; i < tickets.length; i += 2) {
      mark.settle(tickets[i + 1]!);
      expect(mark.value).toBe(i === 0 ? null : i);
      mark.settle(tickets[i]!);
      expect(mark.value).toBe(i + 2);
    }
  });
});
