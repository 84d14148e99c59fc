// UsageLedger: counts a quota's messages per month. One per guild, or one per account when guilds share an
// accountId (contract §4), so a shared quota has exactly one place that decides. Retention: the MONTHS_KEPT
// (13) latest months that have counts, the current one always. A count may carry a key (the member's message,
// the interaction): the same key is counted once a month however often a retried event asks, so a retry never
// counts twice.

import { DurableObject } from 'cloudflare:workers';
import { migrate, type Migration } from '../storage/migrate';
import { countRows, type InstanceRowCounts, type RowStats } from '../storage/row-stats';
import { dayOf, monthOf, USAGE_KINDS, type UsageKind } from '../usage/quota';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE usage (
        month TEXT NOT NULL,
        guild_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (month, guild_id, kind)
      )`,
    ],
  },
  {
    version: 2,
    statements: [
      // What was counted under a key this month (pruned with the month), so a retried event is counted once.
      `CREATE TABLE counted_keys (key TEXT PRIMARY KEY, month TEXT NOT NULL, guild_id TEXT NOT NULL, kind TEXT NOT NULL)`,
      `CREATE INDEX counted_keys_by_month ON counted_keys (month)`,
    ],
  },
  {
    version: 3,
    // Per-day totals, for the dashboard's usage chart (kept as long as the months).
    statements: [`CREATE TABLE usage_days (day TEXT NOT NULL, guild_id TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, guild_id))`],
  },
  {
    version: 4,
    // Fewer rows written per count (npm run bench): the keys become one b-tree (WITHOUT ROWID) with no month
    // index, since they are pruned only when the month turns (a scan, once a month): one row per key, not three.
    statements: [
      `CREATE TABLE counted_keys_v4 (key TEXT PRIMARY KEY, month TEXT NOT NULL, guild_id TEXT NOT NULL, kind TEXT NOT NULL) WITHOUT ROWID`,
      `INSERT INTO counted_keys_v4 (key, month, guild_id, kind) SELECT key, month, guild_id, kind FROM counted_keys`,
      `DROP TABLE counted_keys`,
      `ALTER TABLE counted_keys_v4 RENAME TO counted_keys`,
    ],
  },
];

const MONTHS_KEPT = 13;

export interface ConsumeResult {
  allowed: boolean;
  used: number;
  limit: number;
  /** True when `key` had already been counted this month: nothing was counted now. */
  repeated?: boolean;
}

export interface LedgerTotals {
  used: number;
  byKind: Record<UsageKind, number>;
  guild: Record<UsageKind, number>;
  /** Messages counted each day of this month (UTC days, only days with any). */
  byDay: { day: string; count: number }[];
}

export class UsageLedger extends DurableObject<Env> {
  private readonly rows: RowStats;
  /** The month this instance last pruned for: pruning runs when the month turns, not on every count. */
  private prunedFor: string | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.rows = countRows(ctx.storage);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, MIGRATIONS);
    });
  }

  /**
   * Counts one message if the month's total is under `limit`; refuses (and counts nothing) otherwise. With a
   * `key` (unique within the guild), a key already counted this month is allowed again without a second count.
   */
  consume(guildId: string, kind: UsageKind, limit: number, key: string | null = null, now = Date.now()): ConsumeResult {
    const month = monthOf(now);
    const sql = this.ctx.storage.sql;
    return this.ctx.storage.transactionSync(() => {
      const used = this.total(month);
      const countedKey = key === null ? null : `${guildId}:${kind}:${key}`;
      if (countedKey !== null && sql.exec('SELECT 1 FROM counted_keys WHERE key = ? AND month = ?', countedKey, month).toArray().length > 0) {
        return { allowed: true, used, limit, repeated: true };
      }
      if (used >= limit) return { allowed: false, used, limit };
      sql.exec(
        `INSERT INTO usage (month, guild_id, kind, count) VALUES (?, ?, ?, 1)
         ON CONFLICT (month, guild_id, kind) DO UPDATE SET count = count + 1`,
        month,
        guildId,
        kind,
      );
      sql.exec(
        'INSERT INTO usage_days (day, guild_id, count) VALUES (?, ?, 1) ON CONFLICT (day, guild_id) DO UPDATE SET count = count + 1',
        dayOf(now),
        guildId,
      );
      if (countedKey !== null) {
        sql.exec(
          'INSERT INTO counted_keys (key, month, guild_id, kind) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET month = excluded.month',
          countedKey,
          month,
          guildId,
          kind,
        );
      }
      this.prune(month);
      return { allowed: true, used: used + 1, limit };
    });
  }

  /** Storage rows read and written since this instance started. */
  rowStats(): InstanceRowCounts {
    return this.rows.counts();
  }

  /** Whether one more message fits under `limit` this month; counts nothing (the gate before "free" model calls). */
  room(limit: number, now = Date.now()): ConsumeResult {
    const used = this.total(monthOf(now));
    return { allowed: used < limit, used, limit };
  }

  /** Gives back one counted message (a post Discord refused after it was counted). */
  refund(guildId: string, kind: UsageKind, now = Date.now()): void {
    this.ctx.storage.sql.exec(
      'UPDATE usage SET count = count - 1 WHERE month = ? AND guild_id = ? AND kind = ? AND count > 0',
      monthOf(now),
      guildId,
      kind,
    );
    this.ctx.storage.sql.exec('UPDATE usage_days SET count = count - 1 WHERE day = ? AND guild_id = ? AND count > 0', dayOf(now), guildId);
  }

  totals(guildId: string, now = Date.now()): LedgerTotals {
    const month = monthOf(now);
    const rows = this.ctx.storage.sql
      .exec<{ guild_id: string; kind: string; count: number }>('SELECT guild_id, kind, count FROM usage WHERE month = ?', month)
      .toArray();
    const byKind = emptyCounts();
    const guild = emptyCounts();
    for (const row of rows) {
      const kind = row.kind as UsageKind;
      byKind[kind] += row.count;
      if (row.guild_id === guildId) guild[kind] += row.count;
    }
    const byDay = this.ctx.storage.sql
      .exec<{ day: string; count: number }>('SELECT day, SUM(count) AS count FROM usage_days WHERE day LIKE ? GROUP BY day ORDER BY day', `${month}-%`)
      .toArray()
      .map((row) => ({ day: row.day, count: row.count }));
    return { used: USAGE_KINDS.reduce((sum, kind) => sum + byKind[kind], 0), byKind, guild, byDay };
  }

  private total(month: string): number {
    return this.ctx.storage.sql.exec<{ n: number | null }>('SELECT SUM(count) AS n FROM usage WHERE month = ?', month).one().n ?? 0;
  }

  private prune(month: string): void {
    if (this.prunedFor === month) return;
    this.prunedFor = month;
    this.ctx.storage.sql.exec('DELETE FROM counted_keys WHERE month <> ?', month);
    this.ctx.storage.sql.exec(
      'DELETE FROM usage WHERE month NOT IN (SELECT DISTINCT month FROM usage ORDER BY month DESC LIMIT ?) AND month <> ?',
      MONTHS_KEPT,
      month,
    );
    this.ctx.storage.sql.exec('DELETE FROM usage_days WHERE substr(day, 1, 7) NOT IN (SELECT DISTINCT month FROM usage)');
  }
}

function emptyCounts(): Record<UsageKind, number> {
  return { answer: 0, moderation: 0, proactive: 0 };
}
