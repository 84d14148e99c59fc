// One alarm, many timers: each actor keeps its timers as rows (kind + key + due time) and the single
// Durable Object alarm is always armed for the earliest row. alarm() runs what is due and removes a row only
// after its handler succeeded (an eviction mid-handler leaves the row, so it runs again); overdue rows left by
// a restart or eviction are simply due at once. Each actor declares its timer kinds in its schema.ts.
// The table is small (a handful of kinds, keys per conversation or source) and only this class writes it, so
// its rows are also kept in memory: `scheduleNoLaterThan`, asked on every stored event, reads no row. The
// alarm's `due` reads the table itself and refreshes that copy.

export const TIMERS_TABLE = `CREATE TABLE IF NOT EXISTS timers (
  kind TEXT NOT NULL,
  key TEXT NOT NULL DEFAULT '',
  due_at INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
)`;

export interface TimerRow<Kind extends string> {
  kind: Kind;
  key: string;
  dueAt: number;
}

export class Timers<Kind extends string> {
  /** Every timer's due time by kind and key (null until first read); kept in step with each write below. */
  private known: Map<string, number> | null = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  /** Sets (or moves) the timer `kind`/`key` to `dueAt` and re-arms the alarm. */
  async schedule(kind: Kind, dueAt: number, key = ''): Promise<void> {
    this.storage.sql.exec(
      'INSERT INTO timers (kind, key, due_at) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET due_at = excluded.due_at',
      kind,
      key,
      Math.floor(dueAt),
    );
    this.memo().set(memoKey(kind, key), Math.floor(dueAt));
    await this.arm();
  }

  /** Sets the timer only if none is set or the set one is later (keeps the earliest). */
  async scheduleNoLaterThan(kind: Kind, dueAt: number, key = ''): Promise<void> {
    const existing = this.get(kind, key);
    if (existing !== null && existing <= dueAt) return;
    await this.schedule(kind, dueAt, key);
  }

  async cancel(kind: Kind, key = ''): Promise<void> {
    this.storage.sql.exec('DELETE FROM timers WHERE kind = ? AND key = ?', kind, key);
    this.memo().delete(memoKey(kind, key));
    await this.arm();
  }

  get(kind: Kind, key = ''): number | null {
    return this.memo().get(memoKey(kind, key)) ?? null;
  }

  /** Every timer due at `now`, earliest first (left in place until `done`); read from the table itself. */
  due(now: number): TimerRow<Kind>[] {
    return this.all().filter((timer) => timer.dueAt <= now);
  }

  /** The handler of `timer` finished: removes its row, unless the handler moved it to a new time. */
  done(timer: TimerRow<Kind>): void {
    const removed = this.storage.sql.exec('DELETE FROM timers WHERE kind = ? AND key = ? AND due_at = ?', timer.kind, timer.key, timer.dueAt).rowsWritten;
    if (removed > 0) this.memo().delete(memoKey(timer.kind, timer.key));
  }

  /** Every timer, earliest first, read from the table (the in-memory copy is refreshed from it). */
  all(): TimerRow<Kind>[] {
    const timers = this.storage.sql
      .exec<{ kind: string; key: string; due_at: number }>('SELECT kind, key, due_at FROM timers ORDER BY due_at')
      .toArray()
      .map((row) => ({ kind: row.kind as Kind, key: row.key, dueAt: row.due_at }));
    this.known = new Map(timers.map((timer) => [memoKey(timer.kind, timer.key), timer.dueAt]));
    return timers;
  }

  private memo(): Map<string, number> {
    if (!this.known) this.all();
    return this.known!;
  }

  /** Arms the alarm for the earliest timer, or clears it when there is none. */
  async arm(): Promise<void> {
    const row = this.storage.sql.exec<{ due_at: number }>('SELECT MIN(due_at) AS due_at FROM timers').toArray()[0];
    if (row && row.due_at !== null) {
      const current = await this.storage.getAlarm();
      if (current !== row.due_at) await this.storage.setAlarm(row.due_at);
    } else {
      await this.storage.deleteAlarm();
    }
  }
}

function memoKey(kind: string, key: string): string {
  return `${kind}\u0000${key}`;
}
