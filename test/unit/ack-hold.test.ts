// settledWithin: the guild actor's acknowledgement of a gateway event waits for the event's handling, but never
// longer than ACK_HOLD_MS and never fails because the handling did (src/guild/inbox.ts).

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACK_HOLD_MS, settledWithin } from '../../src/guild/inbox';

describe('settledWithin', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const state = (promise: Promise<void>) => {
    const seen = { done: false };
    void promise.then(() => (seen.done = true));
    return seen;
  };

  it('resolves as soon as the handling ends, and leaves no timer behind', async () => {
    let finish: () => void = () => {};
    const held = state(settledWithin(new Promise<void>((resolve) => (finish = resolve)), ACK_HOLD_MS));
    await vi.advanceTimersByTimeAsync(ACK_HOLD_MS / 2);
    expect(held.done).toBe(false);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(held.done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves after the hold when the handling goes on (a model answer)', async () => {
    const held = state(settledWithin(new Promise<void>(() => {}), ACK_HOLD_MS));
    await vi.advanceTimersByTimeAsync(ACK_HOLD_MS - 1);
    expect(held.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(held.done).toBe(true);
  });

  it('resolves, not rejects, when the handling fails', async () => {
    const held = state(settledWithin(Promise.reject(new Error('boom')), ACK_HOLD_MS));
    await vi.advanceTimersByTimeAsync(0);
    expect(held.done).toBe(true);
  });
});
