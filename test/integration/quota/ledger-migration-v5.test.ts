// Ledger schema version 5 folds the usage, usage_days and counted_keys rows into one row per guild and month:
// the counts by kind, the counts by day and this month's counted keys are carried forward.

import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { LEDGER_MIGRATIONS, UsageLedger } from '../../../src/actors/usage-ledger';
import { migrate } from '../../../src/storage/migrate';
import { monthOf } from '../../../src/usage/quota';

describe('ledger schema version 5', () => {
  it('carries counts, days and counted keys forward into one row per guild and month', async () => {
    const stub = env.USAGE_LEDGER.get(env.USAGE_LEDGER.idFromName('account:ledger-migration-v5'));
    const now = Date.now();
    const month = monthOf(now);
    const day = `${month}-01`;
    const result = await runInDurableObject(stub, (instance: UsageLedger, state) => {
      const sql = state.storage.sql;
      // The ledger as it was at version 4.
      sql.exec('DROP TABLE ledger');
      sql.exec('UPDATE schema_version SET version = 0');
      expect(migrate(state.storage, LEDGER_MIGRATIONS.filter((m) => m.version <= 4))).toBe(4);
      sql.exec("INSERT INTO usage (month, guild_id, kind, count) VALUES (?, 'g1', 'answer', 3), (?, 'g1', 'moderation', 2), (?, 'g2', 'answer', 1), ('2020-01', 'g1', 'answer', 9)", month, month, month);
      sql.exec("INSERT INTO usage_days (day, guild_id, count) VALUES (?, 'g1', 5), (?, 'g2', 1)", day, day);
      sql.exec("INSERT INTO counted_keys (key, month, guild_id, kind) VALUES ('g1:answer:m-1', ?, 'g1', 'answer')", month);
      expect(migrate(state.storage, LEDGER_MIGRATIONS)).toBe(5);
      const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('usage', 'usage_days', 'counted_keys')").toArray();
      return { tables, totals: instance.totals('g1', now), repeat: instance.consume('g1', 'answer', 100, 'm-1', now), fresh: instance.consume('g1', 'answer', 100, 'm-2', now) };
    });
    expect(result.tables).toEqual([]);
    expect(result.totals).toMatchObject({ used: 6, byKind: { answer: 4, moderation: 2, proactive: 0 }, guild: { answer: 3, moderation: 2, proactive: 0 } });
    expect(result.totals.byDay).toEqual([{ day, count: 6 }]);
    expect(result.repeat).toMatchObject({ allowed: true, used: 6, repeated: true });
    expect(result.fresh).toMatchObject({ allowed: true, used: 7 });
  });
});
