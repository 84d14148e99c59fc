// Rows read and written by an actor's SQLite, as Cloudflare bills them: the SQL cursor's rowsRead and
// rowsWritten, summed over every statement the actor ran since this instance started (kept in memory, so an
// eviction starts from zero). `countRows` wraps the storage's `sql.exec` once, in the constructor, so every part
// of the actor is counted without passing anything around. Cost: two property reads per statement.
//
// A cursor's counts grow while it is read, so a statement is counted when the next one starts (or when the
// counts are read): by then the code has read it (every caller reads a cursor at once: toArray, one, rowsWritten).

export interface RowCounts {
  rowsRead: number;
  rowsWritten: number;
  statements: number;
}

/** Counts of one instance: `instance` changes when the object restarts (and its counts start from zero). */
export interface InstanceRowCounts extends RowCounts {
  instance: string;
}

export class RowStats {
  readonly instance = crypto.randomUUID();
  private rowsRead = 0;
  private rowsWritten = 0;
  private statements = 0;
  private last: SqlStorageCursor<Record<string, SqlStorageValue>> | null = null;

  /** A statement ran: the previous one is counted now that it has been read. */
  track(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>): void {
    this.settle();
    this.last = cursor;
    this.statements++;
  }

  counts(): InstanceRowCounts {
    this.settle();
    return { instance: this.instance, rowsRead: this.rowsRead, rowsWritten: this.rowsWritten, statements: this.statements };
  }

  private settle(): void {
    const cursor = this.last;
    if (!cursor) return;
    this.last = null;
    this.rowsRead += cursor.rowsRead;
    this.rowsWritten += cursor.rowsWritten;
  }
}

/**
 * Counts every statement run through `storage.sql` from now on. The actor's parts receive `ctx.storage` (or
 * its `sql`) after this runs, so they all use the counting `exec`; everything else on `sql` is the runtime's.
 */
export function countRows(storage: DurableObjectStorage): RowStats {
  const stats = new RowStats();
  const sql = storage.sql;
  const exec = sql.exec.bind(sql);
  const counting = ((query: string, ...bindings: unknown[]) => {
    const cursor = exec(query, ...bindings);
    stats.track(cursor);
    return cursor;
  }) as SqlStorage['exec'];
  const wrapped = new Proxy(sql, {
    get(target, property) {
      if (property === 'exec') return counting;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  Object.defineProperty(storage, 'sql', { value: wrapped, configurable: true });
  return stats;
}

/** Adds up counts (several actors, or several reads). */
export function addCounts(a: RowCounts, b: RowCounts): RowCounts {
  return { rowsRead: a.rowsRead + b.rowsRead, rowsWritten: a.rowsWritten + b.rowsWritten, statements: a.statements + b.statements };
}

export const NO_ROWS: RowCounts = { rowsRead: 0, rowsWritten: 0, statements: 0 };
