// The heartbeat's timing and zombie detection, with fake timers.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from '../../src/gateway/heartbeat';

describe('Heartbeat', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function harness() {
    const events: string[] = [];
    const heartbeat = new Heartbeat({ beat: () => events.push('beat'), zombie: () => events.push('zombie') });
    return { events, heartbeat };
  }

  it('beats first after interval × jitter, then every interval', () => {
    const { events, heartbeat } = harness();
    heartbeat.start(1000, 0.25);
    vi.advanceTimersByTime(249);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['beat']);
    heartbeat.ack();
    vi.advanceTimersByTime(1000);
    expect(events).toEqual(['beat', 'beat']);
    heartbeat.stop();
  });

  it('declares a zombie when a beat is due and the last one was never acknowledged, and stops beating', () => {
    const { events, heartbeat } = harness();
    heartbeat.start(1000, 0);
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(1000);
    expect(events).toEqual(['beat', 'zombie']);
    vi.advanceTimersByTime(5000);
    expect(events).toEqual(['beat', 'zombie']);
  });

  it('answers op 1 at once without calling an outstanding beat a zombie', () => {
    const { events, heartbeat } = harness();
    heartbeat.start(1000, 0.5);
    vi.advanceTimersByTime(500);
    heartbeat.beatNow();
    expect(events).toEqual(['beat', 'beat']);
  });

  it('reports the round-trip latency on ACK', () => {
    const { heartbeat } = harness();
    heartbeat.start(1000, 0);
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(0);
    expect(heartbeat.ack(Date.now() + 42)).toBe(42);
    heartbeat.stop();
  });
});
