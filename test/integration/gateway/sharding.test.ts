// Sharding: the shard count comes from GET /gateway/bot, each shard is its own GatewayShard object with its
// own session, and each guild's events arrive on the shard Discord's formula assigns it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardForGuild } from '../../../src/gateway/protocol';
import { api, createGuild, memberSays, repliesTo, sim, stopGateway, TEST_BOT, waitFor, type SimGuildInfo } from '../support';

interface StatusShard {
  shardId: number;
  shardCount: number;
  status: string;
  sessionId: string | null;
  guildCount: number;
}

async function status(): Promise<{ state: string; shards: StatusShard[] }> {
  return (await api('/api/gateway/status')).json();
}

describe('sharding', () => {
  beforeAll(async () => {
    await sim('/_sim/config', { body: { recommendedShards: 2 } });
  });
  afterAll(async () => {
    await stopGateway();
    await sim('/_sim/config', { body: { recommendedShards: 1 } });
  });

  it('runs one session per shard and routes each guild through the shard the formula picks', async () => {
    // Guilds on both shards: snowflakes are time-based, so keep creating until each shard has one.
    const byShard = new Map<number, SimGuildInfo>();
    for (let i = 0; i < 40 && byShard.size < 2; i++) {
      const guild = await createGuild(`Shard Guild ${i}`);
      const shard = shardForGuild(guild.id, 2);
      if (!byShard.has(shard)) byShard.set(shard, guild);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(byShard.size).toBe(2);

    expect((await api('/api/gateway/start', { method: 'POST' })).status).toBe(200);
    const ready = await waitFor(async () => {
      const current = await status();
      return current.shards.length === 2 && current.shards.every((shard) => shard.status === 'ready') ? current : null;
    }, 'both shards ready', 15_000);
    expect(ready.shards.map((shard) => [shard.shardId, shard.shardCount])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(new Set(ready.shards.map((shard) => shard.sessionId)).size).toBe(2);

    for (const guild of byShard.values()) {
      await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Hours', content: 'Support is open from 9 to 5 on weekdays.' } });
      const question = await memberSays(guild, `<@${TEST_BOT.userId}> when is support open?`);
      const replies = await waitFor(async () => {
        const found = await repliesTo(question.id);
        return found.length ? found : null;
      }, `the reply in ${guild.name}`);
      expect(replies).toHaveLength(1);
    }
  });
});
