// For a guild of an account, UsageMeter.hasRoom answers from the account ledger's last reading while it is fresh and far from the limit, so an
// answered message makes one ledger call (consume), not two; near the limit, or later, it asks the ledger.

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, effectiveMonthlyLimit, type GuildSettings } from '../../src/guild/settings';
import { ROOM_MEMO_MARGIN, ROOM_MEMO_MS, UsageMeter } from '../../src/guild/usage-meter';
import type { LedgerBook } from '../../src/usage/ledger-book';

/** A guild of an account: its quota is the account's UsageLedger's (a guild alone counts in its own book, with no call). */
function meterWith(used: () => number, settings: GuildSettings = { ...DEFAULT_SETTINGS, monthlyLimit: 1_000, accountId: 'acme' }) {
  const calls = { room: 0, consume: 0 };
  const limit = effectiveMonthlyLimit(settings);
  const ledger = {
    room: async () => {
      calls.room++;
      return { allowed: used() < limit, used: used(), limit };
    },
    consume: async () => {
      calls.consume++;
      return { allowed: used() < limit, used: used(), limit };
    },
  };
  const env = { USAGE_LEDGER: { idFromName: (name: string) => name, get: () => ledger } } as unknown as Env;
  const unused = null as unknown as LedgerBook & DurableObjectStorage;
  return { meter: new UsageMeter(env, () => settings, () => '990000000000000001', unused, unused), calls };
}

describe('hasRoom memo', () => {
  it('takes a fresh reading far from the limit without a call', async () => {
    const { meter, calls } = meterWith(() => 10);
    const now = Date.now();
    expect(await meter.hasRoom(now)).toBe(true);
    expect(calls.room).toBe(1);
    expect(await meter.hasRoom(now + 1_000)).toBe(true);
    expect(calls.room).toBe(1);
    // A count refreshes the reading too.
    await meter.consume('answer', 'k1');
    expect(await meter.hasRoom(Date.now() + 1_000)).toBe(true);
    expect(calls.room).toBe(1);
  });

  it('asks again once the reading is old', async () => {
    const { meter, calls } = meterWith(() => 10);
    const now = Date.now();
    await meter.hasRoom(now);
    await meter.hasRoom(now + ROOM_MEMO_MS + 1);
    expect(calls.room).toBe(2);
  });

  it('asks every time near the limit, and sees it spent', async () => {
    let used = 1_000 - ROOM_MEMO_MARGIN + 1;
    const { meter, calls } = meterWith(() => used);
    const now = Date.now();
    expect(await meter.hasRoom(now)).toBe(true);
    used = 1_000;
    expect(await meter.hasRoom(now + 1)).toBe(false);
    expect(calls.room).toBe(2);
  });
});
