// `GET /api/stats/rows` (operator only): storage rows read and written since each object last started, as the
// SQL cursors count them (src/storage/row-stats.ts). Without `guildId`: the shared application's gateway
// shards; with `?guildId=`: that guild's actor and the UsageLedger that counts its quota (null when it counts in its own actor). `npm run bench`
// reads it before and after each phase to get rows per message; an operator can read it the same way.

import { SHARED_APP, shardStub } from '../gateway/control';
import { addCounts, NO_ROWS, type InstanceRowCounts, type RowCounts } from '../storage/row-stats';

export interface ShardRows {
  shardId: number;
  rows: InstanceRowCounts;
}

export interface GuildRows {
  guildId: string;
  guild: InstanceRowCounts;
  /** The shared UsageLedger counting this guild's quota; null when the guild counts in its own actor (its rows are in `guild`). */
  ledger: { name: string; rows: InstanceRowCounts } | null;
}

export async function shardRowStats(env: Env): Promise<{ shards: ShardRows[]; total: RowCounts }> {
  // Shard 0 says how many there are; nothing here reads storage, so polling it does not change the counts.
  const first = await shardStub(env, SHARED_APP, 0).rowStats();
  const others = await Promise.all(Array.from({ length: Math.max(0, first.shardCount - 1) }, (_, i) => shardStub(env, SHARED_APP, i + 1).rowStats()));
  const shards = [first, ...others].map((stats, shardId) => ({ shardId, rows: stats.rows }));
  return { shards, total: shards.reduce((sum, shard) => addCounts(sum, shard.rows), NO_ROWS) };
}

export async function guildRowStats(env: Env, guildId: string): Promise<GuildRows & { total: RowCounts }> {
  const actor = env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
  const { rows, ledger } = await actor.rowStats();
  if (ledger === null) return { guildId, guild: rows, ledger: null, total: rows };
  const ledgerRows = await env.USAGE_LEDGER.get(env.USAGE_LEDGER.idFromName(ledger)).rowStats();
  return { guildId, guild: rows, ledger: { name: ledger, rows: ledgerRows }, total: addCounts(rows, ledgerRows) };
}
