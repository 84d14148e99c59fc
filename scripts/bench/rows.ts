// Storage rows per message, by kind of message: the bench reads Herald's row counters (GET /api/stats/rows:
// gateway shards, each guild actor, each usage ledger) before and after a batch of unanswered messages and a
// batch of answered mentions, once the counts have settled, and divides by the batch size. Everything the
// system does meanwhile is counted (timers, heartbeats): that is what the messages cost.

import type { AdminCall } from './contenders.js';
import { runStep, type MessageSource, type ReplyClock } from './workload.js';
import type { BenchWorld } from './workload.js';

export interface Rows {
  rowsRead: number;
  rowsWritten: number;
}

export interface RowsByObject {
  shard: Rows;
  guild: Rows;
  ledger: Rows;
  total: Rows;
}

export interface RowsResult {
  /** Messages per batch, and the rate they were sent at. */
  messages: number;
  rate: number;
  unanswered: RowsByObject;
  answered: RowsByObject;
}

/** The rows batches go at a rate every contender keeps up with, so the counts are of settled work. */
const ROWS_RATE = 20;

const ZERO: Rows = { rowsRead: 0, rowsWritten: 0 };
const add = (a: Rows, b: Rows): Rows => ({ rowsRead: a.rowsRead + b.rowsRead, rowsWritten: a.rowsWritten + b.rowsWritten });
const sub = (a: Rows, b: Rows): Rows => ({ rowsRead: a.rowsRead - b.rowsRead, rowsWritten: a.rowsWritten - b.rowsWritten });
const per = (a: Rows, n: number): Rows => ({ rowsRead: a.rowsRead / n, rowsWritten: a.rowsWritten / n });

async function snapshot(admin: AdminCall, world: BenchWorld): Promise<RowsByObject> {
  const shards = await admin<{ total: Rows }>('/api/stats/rows');
  let guild = ZERO;
  let ledger = ZERO;
  const guilds = await Promise.all(world.guilds.map((g) => admin<{ guild: Rows; ledger: { rows: Rows } }>(`/api/stats/rows?guildId=${g.id}`)));
  for (const g of guilds) {
    guild = add(guild, g.guild);
    ledger = add(ledger, g.ledger.rows);
  }
  const shard = { rowsRead: shards.total.rowsRead, rowsWritten: shards.total.rowsWritten };
  return { shard, guild, ledger, total: add(add(shard, guild), ledger) };
}

/** Waits until the counts stop moving (two reads 500 ms apart agree), at most 20 s. */
async function settled(admin: AdminCall, world: BenchWorld): Promise<RowsByObject> {
  let last = await snapshot(admin, world);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await snapshot(admin, world);
    if (now.total.rowsWritten === last.total.rowsWritten && now.total.rowsRead === last.total.rowsRead) return now;
    last = now;
  }
  return last;
}

function delta(after: RowsByObject, before: RowsByObject, n: number): RowsByObject {
  return {
    shard: per(sub(after.shard, before.shard), n),
    guild: per(sub(after.guild, before.guild), n),
    ledger: per(sub(after.ledger, before.ledger), n),
    total: per(sub(after.total, before.total), n),
  };
}

export async function measureRows(
  admin: AdminCall,
  world: BenchWorld,
  source: MessageSource,
  clock: ReplyClock,
  messages: number,
  log: (line: string) => void,
): Promise<RowsResult> {
  const seconds = messages / ROWS_RATE;
  const start = await settled(admin, world);
  await runStep(source, clock, ROWS_RATE, seconds, 0, 10_000);
  const afterChatter = await settled(admin, world);
  const answered = await runStep(source, clock, ROWS_RATE, seconds, 1, 10_000);
  const afterMentions = await settled(admin, world);
  if (answered.missing > 0) log(`rows phase: ${answered.missing} of ${answered.mentions} mentions got no reply (the rows per answer are then understated)`);
  const result = {
    messages,
    rate: ROWS_RATE,
    unanswered: delta(afterChatter, start, messages),
    answered: delta(afterMentions, afterChatter, answered.answered || 1),
  };
  log(
    `rows per unanswered message: ${result.unanswered.total.rowsWritten.toFixed(2)} written, ${result.unanswered.total.rowsRead.toFixed(1)} read; ` +
      `per answered mention: ${result.answered.total.rowsWritten.toFixed(2)} written, ${result.answered.total.rowsRead.toFixed(1)} read`,
  );
  return result;
}
