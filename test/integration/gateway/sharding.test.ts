// Sharding: the shard count comes from GET /gateway/bot, each shard is its own GatewayShard object with its
// own session, and each guild's events arrive on the shard Discord's formula assigns it: the GatewayShard
// object for shard (guild_id >> 22) % 2 identified as that shard, lists the guild, and the other one does not.

import { env, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardForGuild } from '../../../src/gateway/protocol';
import { api, createGuild, exactReplies, memberSays, sim, simGateway, stopGateway, TEST_BOT, waitFor, type SimGuildInfo } from '../support';

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

/** Guild ids the shared application's GatewayShard object for `shardId` serves (from its READY / GUILD_CREATE). */
function shardGuilds(shardId: number): Promise<string[]> {
  const stub = env.GATEWAY_SHARD.get(env.GATEWAY_SHARD.idFromName(`shared:${shardId}`));
  return runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<{ guild_id: string }>('SELECT guild_id FROM shard_guilds').toArray().map((row) => row.guild_id));
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
    // Each shard object identified as its own shard: the simulator session of shard N says [N, 2].
    const { sessions } = await simGateway();
    for (const shard of ready.shards) expect(sessions.find((session) => session.id === shard.sessionId)?.shard).toEqual([shard.shardId, 2]);

    for (const [shardId, guild] of byShard) {
      // The guild is served by the shard the formula picks, and only by it.
      await waitFor(async () => (await shardGuilds(shardId)).includes(guild.id), `shard ${shardId} to list ${guild.name}`);
      expect(await shardGuilds(1 - shardId)).not.toContain(guild.id);

      await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Hours', content: 'Support is open from 9 to 5 on weekdays.' } });
      const question = await memberSays(guild, `<@${TEST_BOT.userId}> when is support open?`);
      await exactReplies(guild, question);
    }
  });
});
