// A quota's monthly counts, kept in the SQLite of the object that owns them: the guild actor's own for a guild
// that shares no quota (so counting an answer is a statement in the guild, not a call to another object), or a
// UsageLedger's for guilds sharing an accountId (one place decides for them all). One row per guild and month
// holds its counts by kind, by day, and the keys counted while their events may still be retried (CountMarks in
// quota.ts), so a count writes one row and a retried event is counted once. The current month's rows are kept in
// memory beside the table (this book is their only writer), so a count reads no row. Retention: the MONTHS_KEPT
// (13) latest months that have counts, the current one always.

import { dayOf, keptKeys, monthOf, USAGE_KINDS, type CountedKeys, type CountMarks, type UsageKind } from './quota';

/** The ledger table (UsageLedger migration 5, GuildActor migration 20). */
export const LEDGER_TABLE = `CREATE TABLE ledger (
        month TEXT NOT NULL,
        guild_id TEXT NOT NULL,
        answer INTEGER NOT NULL DEFAULT 0,
        moderation INTEGER NOT NULL DEFAULT 0,
        proactive INTEGER NOT NULL DEFAULT 0,
        days TEXT NOT NULL DEFAULT '{}',
        keys TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (month, guild_id)
      ) WITHOUT ROWID`;

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

export class LedgerBook {
  /** The month this instance last pruned for: pruning runs when the month turns, not on every count. */
  private prunedFor: string | null = null;
  /** The current month's rows, read once per instance and month and kept in step with each count. */
  private memo: MonthMemo | null = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  /**
   * Counts one message if the month's total is under `limit`; refuses (and counts nothing) otherwise. With a
   * `key` (unique within the guild), a key already counted this month is allowed again without a second count.
   * One row written: the guild's month row carries the count, the day's count and the key.
   */
  consume(guildId: string, kind: UsageKind, limit: number, key: string | null = null, now = Date.now(), marks: CountMarks | null = null): ConsumeResult {
    const month = monthOf(now);
    const sql = this.storage.sql;
    // One write (the upsert), so no transaction: memory changes only once it is in.
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
  }

  /** Whether one more message fits under `limit` this month; counts nothing (the gate before "free" model calls). */
  room(limit: number, now = Date.now()): ConsumeResult {
    const used = this.monthRows(monthOf(now)).used;
    return { allowed: used < limit, used, limit };
  }

  /** Gives back one counted message (a post Discord refused after it was counted). */
  refund(guildId: string, kind: UsageKind, now = Date.now()): void {
    const month = monthOf(now);
    const sql = this.storage.sql;
    this.storage.transactionSync(() => {
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
    const rows = this.storage.sql
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

  /** Every month row of one guild, as stored (a guild's counts moving from its UsageLedger into its own book). */
  rowsOf(guildId: string): StoredLedgerRow[] {
    return this.storage.sql
      .exec<StoredLedgerRow>('SELECT month, guild_id, answer, moderation, proactive, days, keys FROM ledger WHERE guild_id = ?', guildId)
      .toArray();
  }

  /** Adds rows read from another book (rows this book already has for a month are kept). */
  adopt(rows: readonly StoredLedgerRow[]): void {
    this.storage.transactionSync(() => {
      for (const row of rows) {
        this.storage.sql.exec(
          'INSERT INTO ledger (month, guild_id, answer, moderation, proactive, days, keys) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (month, guild_id) DO NOTHING',
          row.month,
          row.guild_id,
          row.answer,
          row.moderation,
          row.proactive,
          row.days,
          row.keys,
        );
      }
    });
    this.memo = null;
  }

  /** The month's rows and total: from memory, or read (one statement) when this instance has not read this month yet. */
  private monthRows(month: string): MonthMemo {
    if (this.memo?.month === month) return this.memo;
    const rows = new Map<string, MonthRow>();
    let used = 0;
    const stored = this.storage.sql
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
    this.storage.sql.exec("UPDATE ledger SET keys = '{}' WHERE month <> ? AND keys <> '{}'", month);
    this.storage.sql.exec(
      'DELETE FROM ledger WHERE month NOT IN (SELECT DISTINCT month FROM ledger ORDER BY month DESC LIMIT ?) AND month <> ?',
      MONTHS_KEPT,
      month,
    );
  }
}

/** A ledger row as stored. */
export type StoredLedgerRow = LedgerRow & { month: string; guild_id: string };

function emptyCounts(): Record<UsageKind, number> {
  return { answer: 0, moderation: 0, proactive: 0 };
}
