// Ordered schema migrations for an actor's SQLite storage, with the applied version kept in a one-row table.
// Each actor declares its migrations in its own schema.ts; this runs them once, inside the constructor.

export interface Migration {
  version: number;
  statements: readonly string[];
  /** Runs after the statements, in the same transaction: for data a statement cannot compute (e.g. re-indexing). */
  run?: (sql: SqlStorage) => void;
}

export function migrate(storage: DurableObjectStorage, migrations: readonly Migration[]): number {
  const sql = storage.sql;
  return storage.transactionSync(() => {
    sql.exec('CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)');
    const row = sql.exec<{ version: number }>('SELECT version FROM schema_version WHERE id = 1').toArray()[0];
    let current = row?.version ?? 0;
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements) sql.exec(statement);
      migration.run?.(sql);
      current = migration.version;
    }
    // Written only when it moved: an actor starts often, and an unchanged row would still count as written.
    if (current !== row?.version) {
      sql.exec(
        'INSERT INTO schema_version (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
        current,
      );
    }
    return current;
  });
}
