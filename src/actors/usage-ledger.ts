// UsageLedger: counts the monthly messages of guilds that share a quota (the same accountId, contract §4), so a
// shared quota has exactly one place that decides. A guild that shares no quota counts in its own actor instead
// (the same LedgerBook over the guild's storage: no call to another object per answer); older versions counted
// every guild here, and such a guild copies its rows from here once (rowsOf). The counting itself is LedgerBook's
// (src/usage/ledger-book.ts): one row per guild and month, a key counted once however often a retry asks.

import { DurableObject } from 'cloudflare:workers';
import { migrate, type Migration } from '../storage/migrate';
import { countRows, type InstanceRowCounts, type RowStats } from '../storage/row-stats';
import { LEDGER_TABLE, LedgerBook, type ConsumeResult, type LedgerTotals, type StoredLedgerRow } from '../usage/ledger-book';
import type { CountMarks, UsageKind } from '../usage/quota';

export const LEDGER_MIGRATIONS: readonly Migration[] = [
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
  {
    version: 5,
    // One row written per count (issue 15): a guild's month is one row carrying its counts by kind, its counts
    // by day and the keys it counted while their events may still be retried (see CountMarks), instead of a
    // usage row, a day row and a key row. Keys carried over keep no tag: they go when the month turns.
    statements: [
      LEDGER_TABLE,
      `INSERT INTO ledger (month, guild_id, answer, moderation, proactive)
         SELECT month, guild_id, SUM(CASE kind WHEN 'answer' THEN count ELSE 0 END), SUM(CASE kind WHEN 'moderation' THEN count ELSE 0 END),
                SUM(CASE kind WHEN 'proactive' THEN count ELSE 0 END)
           FROM usage GROUP BY month, guild_id`,
      `INSERT INTO ledger (month, guild_id) SELECT DISTINCT substr(day, 1, 7), guild_id FROM usage_days WHERE true ON CONFLICT DO NOTHING`,
      `INSERT INTO ledger (month, guild_id) SELECT DISTINCT month, guild_id FROM counted_keys WHERE true ON CONFLICT DO NOTHING`,
      `UPDATE ledger SET
         days = COALESCE((SELECT json_group_object(d.day, d.count) FROM usage_days d WHERE substr(d.day, 1, 7) = ledger.month AND d.guild_id = ledger.guild_id), '{}'),
         keys = COALESCE((SELECT json_group_object(substr(k.key, length(k.guild_id) + 2), NULL) FROM counted_keys k WHERE k.month = ledger.month AND k.guild_id = ledger.guild_id), '{}')`,
      `DROP TABLE usage`,
      `DROP TABLE usage_days`,
      `DROP TABLE counted_keys`,
    ],
  },
];

export type { ConsumeResult, LedgerTotals } from '../usage/ledger-book';

export class UsageLedger extends DurableObject<Env> {
  private readonly rows: RowStats;
  private readonly book: LedgerBook;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.rows = countRows(ctx.storage);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, LEDGER_MIGRATIONS);
    });
    this.book = new LedgerBook(ctx.storage);
  }

  /** Counts one message under `limit` (see LedgerBook.consume). */
  consume(guildId: string, kind: UsageKind, limit: number, key: string | null = null, now = Date.now(), marks: CountMarks | null = null): ConsumeResult {
    return this.book.consume(guildId, kind, limit, key, now, marks);
  }

  /** Whether one more message fits under `limit` this month; counts nothing. */
  room(limit: number, now = Date.now()): ConsumeResult {
    return this.book.room(limit, now);
  }

  /** Gives back one counted message (a post Discord refused after it was counted). */
  refund(guildId: string, kind: UsageKind, now = Date.now()): void {
    this.book.refund(guildId, kind, now);
  }

  totals(guildId: string, now = Date.now()): LedgerTotals {
    return this.book.totals(guildId, now);
  }

  /**
   * A guild's rows as stored: a guild that shares no quota counts in its own actor (GuildActor migration 20
   * onwards) and takes its counts from before from here, once. They stay here too, unread.
   */
  rowsOf(guildId: string): StoredLedgerRow[] {
    return this.book.rowsOf(guildId);
  }

  /** Storage rows read and written since this instance started. */
  rowStats(): InstanceRowCounts {
    return this.rows.counts();
  }
}
