// The test suite's own scheduling (test/support/leases.ts): a slot (an integration lane, the browser project's
// one slot) is never held by two test files at once, and a file waiting for one gets the first freed.

import { describe, expect, it } from 'vitest';
import { Leases } from '../support/leases';

describe('test pool leases', () => {
  it('hands out each free slot once', async () => {
    const leases = new Leases(3);
    const held = [await leases.acquire(), await leases.acquire(), await leases.acquire()];
    expect(new Set(held).size).toBe(3);
  });

  it('makes a worker wait while every slot is held, then gives it the slot released', async () => {
    const leases = new Leases(1);
    const first = await leases.acquire();
    let second: number | null = null;
    const waiting = leases.acquire().then((slot) => (second = slot));
    await Promise.resolve();
    expect(second).toBeNull();
    leases.release(first);
    await waiting;
    expect(second).toBe(first);
  });

  it('serves waiting workers first come, first served, never two on one slot', async () => {
    const leases = new Leases(1);
    const slot = await leases.acquire();
    const order: string[] = [];
    const a = leases.acquire().then((s) => order.push(`a:${s}`));
    const b = leases.acquire().then((s) => order.push(`b:${s}`));
    leases.release(slot);
    await a;
    expect(order).toEqual([`a:${slot}`]);
    leases.release(slot);
    await b;
    expect(order).toEqual([`a:${slot}`, `b:${slot}`]);
  });
});
