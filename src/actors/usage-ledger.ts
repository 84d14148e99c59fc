// UsageLedger: counts a quota's messages per month. One per guild, or one per account when guilds share an
// accountId (contract §4), so a shared quota has exactly one place that decides. Retention: the MONTHS_KEPT
// (13) latest months that have counts, the current one always. A count may carry a key (the member's message,
// the interaction): the same key is counted once a month however often a retried event asks, so a retry never
// counts twice. One row per guild and month holds it all (a count writes one row); a key stays in it while the
// guild's inbox may still retry its event (CountMarks in src/usage/quota.ts), so the row does not grow all month.

import { DurableObject } from 'cloudflare:workers';
import { migrate, type Migration } from '../storage/migrate';
import { countRows, type InstanceRowCounts, type RowStats } from '../storage/row-stats';
import { dayOf, keptKeys, monthOf, USAGE_KINDS, type CountedKeys, type CountMarks, type UsageKind } from '../usage/quota';

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
      `CREATE TABLE ledger (
        month TEXT NOT NULL,
        guild_id TEXT NOT NULL,
        answer INTEGER NOT NULL DEFAULT 0,
        moderation INTEGER NOT NULL DEFAULT 0,
        proactive INTEGER NOT NULL DEFAULT 0,
        days TEXT NOT NULL DEFAULT '{}',
        keys TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (month, guild_id)
      ) WITHOUT ROWID`,
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

const MONTHS_KEPT = 13;

type LedgerRow = {
  answer: number;
  moderation: number;
  proactive: number;
  days: string;
  keys: string;
};

/** A guild's row of the current month, parsed. */
interface MonthRow {
  answer: number;
  moderation: number;
  proactive: number;
  days: Record<string, number>;
  keys: CountedKeys;
}

/** The current month's rows as this instance last read or wrote them, and their total. */
interface MonthMemo {
  month: string;
  rows: Map<string, MonthRow>;
  used: number;
}

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
  /**
   * The current month's rows, read once per instance and month and kept in step with each count: the ledger is
   * their only writer, so a count reads no row and writes one (the quota check on every answer is one statement).
   */
  private memo: MonthMemo | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.rows = countRows(ctx.storage);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, LEDGER_MIGRATIONS);
    });
  }

  /**
   * Counts one message if the month's total is under `limit`; refuses (and counts nothing) otherwise. With a
   * `key` (unique within the guild), a key already counted this month is allowed again without a second count.
   * One row written: the guild's month row carries the count, the day's count and the key.
   */
  consume(guildId: string, kind: UsageKind, limit: number, key: string | null = null, now = Date.now(), marks: CountMarks | null = null): ConsumeResult {
    const month = monthOf(now);
    const sql = this.ctx.storage.sql;
    return this.ctx.storage.transactionSync(() => {
      this.prune(month);
      const current = this.monthRows(month);
      const used = current.used;
      const row = current.rows.get(guildId);
      const keys = row?.keys ?? {};
      const countedKey = key === null ? null : `${kind}:${key}`;
      if (countedKey !== null && countedKey in keys) return { allowed: true, used, limit, repeated: true };
      if (used >= limit) return { allowed: false, used, limit };
      const days = { ...row?.days };
      const day = dayOf(now);
      days[day] = (days[day] ?? 0) + 1;
      const kept = keptKeys(keys, marks);
      if (countedKey !== null) kept[countedKey] = marks ? marks.top : null;
      const counted: MonthRow = {
        answer: (row?.answer ?? 0) + (kind === 'answer' ? 1 : 0),
        moderation: (row?.moderation ?? 0) + (kind === 'moderation' ? 1 : 0),
        proactive: (row?.proactive ?? 0) + (kind === 'proactive' ? 1 : 0),
        days,
        keys: kept,
      };
      sql.exec(
        `INSERT INTO ledger (month, guild_id, answer, moderation, proactive, days, keys) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (month, guild_id) DO UPDATE SET answer = excluded.answer, moderation = excluded.moderation,
           proactive = excluded.proactive, days = excluded.days, keys = excluded.keys`,
        month,
        guildId,
        counted.answer,
        counted.moderation,
        counted.proactive,
        JSON.stringify(days),
        JSON.stringify(kept),
      );
      // In memory only once the row is written.
      current.rows.set(guildId, counted);
      current.used = used + 1;
      return { allowed: true, used: used + 1, limit };
    });
  }

  /** Storage rows read and written since this instance started. */
  rowStats(): InstanceRowCounts {
    return this.rows.counts();
  }

  /** Whether one more message fits under `limit` this month; counts nothing (the gate before "free" model calls). */
  room(limit: number, now = Date.now()): ConsumeResult {
    const used = this.monthRows(monthOf(now)).used;
    return { allowed: used < limit, used, limit };
  }

  /** Gives back one counted message (a post Discord refused after it was counted). */
  refund(guildId: string, kind: UsageKind, now = Date.now()): void {
    const month = monthOf(now);
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      const row = sql.exec<LedgerRow>('SELECT answer, moderation, proactive, days, keys FROM ledger WHERE month = ? AND guild_id = ?', month, guildId).toArray()[0];
      if (!row || row[kind] <= 0) return;
      const days = JSON.parse(row.days) as Record<string, number>;
      const day = dayOf(now);
      if ((days[day] ?? 0) > 0) days[day] = days[day]! - 1;
      sql.exec(`UPDATE ledger SET ${kind} = ${kind} - 1, days = ? WHERE month = ? AND guild_id = ?`, JSON.stringify(days), month, guildId);
      // Rare: the month's rows are read again at the next count.
      this.memo = null;
    });
  }

  totals(guildId: string, now = Date.now()): LedgerTotals {
    const month = monthOf(now);
    const rows = this.ctx.storage.sql
      .exec<LedgerRow & { guild_id: string }>('SELECT guild_id, answer, moderation, proactive, days FROM ledger WHERE month = ?', month)
      .toArray();
    const byKind = emptyCounts();
    const guild = emptyCounts();
    const perDay = new Map<string, number>();
    for (const row of rows) {
      for (const kind of USAGE_KINDS) {
        byKind[kind] += row[kind];
        if (row.guild_id === guildId) guild[kind] += row[kind];
      }
      for (const [day, count] of Object.entries(JSON.parse(row.days) as Record<string, number>)) perDay.set(day, (perDay.get(day) ?? 0) + count);
    }
    const byDay = [...perDay.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, count]) => ({ day, count }));
    return { used: USAGE_KINDS.reduce((sum, kind) => sum + byKind[kind], 0), byKind, guild, byDay };
  }

  /** The month's rows and total: from memory, or read (one statement) when this instance has not read this month yet. */
  private monthRows(month: string): MonthMemo {
    if (this.memo?.month === month) return this.memo;
    const rows = new Map<string, MonthRow>();
    let used = 0;
    const stored = this.ctx.storage.sql
      .exec<LedgerRow & { guild_id: string }>('SELECT guild_id, answer, moderation, proactive, days, keys FROM ledger WHERE month = ?', month)
      .toArray();
    for (const row of stored) {
      rows.set(row.guild_id, {
        answer: row.answer,
        moderation: row.moderation,
        proactive: row.proactive,
        days: JSON.parse(row.days) as Record<string, number>,
        keys: JSON.parse(row.keys) as CountedKeys,
      });
      used += row.answer + row.moderation + row.proactive;
    }
    this.memo = { month, rows, used };
    return this.memo;
  }

  private prune(month: string): void {
    if (this.prunedFor === month) return;
    this.prunedFor = month;
    // Keys only matter within their month; older months keep their counts (MONTHS_KEPT of them) for reports.
    this.ctx.storage.sql.exec("UPDATE ledger SET keys = '{}' WHERE month <> ? AND keys <> '{}'", month);
    this.ctx.storage.sql.exec(
      'DELETE FROM ledger WHERE month NOT IN (SELECT DISTINCT month FROM ledger ORDER BY month DESC LIMIT ?) AND month <> ?',
      MONTHS_KEPT,
      month,
    );
  }
}

function emptyCounts(): Record<UsageKind, number> {
  return { answer: 0, moderation: 0, proactive: 0 };
}
