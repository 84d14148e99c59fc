// The shard row's status is typed as ShardStatus; the one place it is read from storage checks it.
import { describe, expect, it } from 'vitest';
import { ShardStatus } from '../../src/gateway/protocol';
import { readShardRow, type ShardRow } from '../../src/gateway/schema';

/** Just enough of SqlStorage for one `SELECT * FROM shard` (the row as SQLite returns it: status is any text). */
function storageWith(row: Record<string, unknown>): SqlStorage {
  return { exec: () => ({ one: () => row }) } as unknown as SqlStorage;
}

describe('readShardRow', () => {
  it('keeps a status the code wrote', () => {
    for (const status of Object.values(ShardStatus)) expect(readShardRow(storageWith({ enabled: 1, status })).status).toBe(status);
  });

  it('reads an unknown status as Reconnecting when enabled and Idle when not', () => {
    const enabled: ShardRow = readShardRow(storageWith({ enabled: 1, status: 'READY ' }));
    expect(enabled.status).toBe(ShardStatus.Reconnecting);
    expect(readShardRow(storageWith({ enabled: 0, status: 'bogus' })).status).toBe(ShardStatus.Idle);
  });
});
