// A custom application routes only the guilds registered for it: its bot may sit in other guilds (that never
// chose Herald), and their events create no guild actor and get no answer.

import { env, listDurableObjectIds } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { api, CUSTOM_BOT, memberSays, patchSettings, repliesTo, sim, waitFor, type SimGuildInfo } from '../support';

function customBotOnlyGuild(name: string): Promise<SimGuildInfo> {
  return sim<SimGuildInfo>('/_sim/guilds', { body: { name, channels: [{ name: 'general' }], bots: [CUSTOM_BOT.applicationId] } });
}

async function guildActorExists(guildId: string): Promise<boolean> {
  const id = env.GUILD_ACTOR.idFromName(guildId).toString();
  return (await listDurableObjectIds(env.GUILD_ACTOR)).some((existing) => existing.toString() === id);
}

describe("a custom bot's gateway and guilds that did not choose it", () => {
  let owner: SimGuildInfo;

  beforeAll(async () => {
    owner = await customBotOnlyGuild('Custom Registered Guild');
    await patchSettings(owner.id, { customBot: { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorCustomBotPublicKey'), botToken: CUSTOM_BOT.token } });
  });
  afterAll(async () => {
    if (owner) await api(`/api/guilds/${owner.id}/settings`, { method: 'PATCH', body: { customBot: null } });
  });

  it('drops their events before any guild actor exists', async () => {
    // The owner's guild is answered: the custom gateway is up and routing.
    await waitFor(
      async () => {
        const asked = await memberSays(owner, `<@${CUSTOM_BOT.userId}> hello?`);
        return waitFor(async () => (await repliesTo(asked.id)).length > 0, 'a reply', 2_000).catch(() => false);
      },
      'the custom bot to answer in its own guild',
      15_000,
    );

    // A guild the bot joined (GUILD_CREATE reaches its gateway) whose member mentions it.
    const stranger = await customBotOnlyGuild('Custom Stranger Guild');
    const question = await memberSays(stranger, `<@${CUSTOM_BOT.userId}> how do refunds work?`);

    // Events come in order: once a later question in the owner's guild is answered, the stranger's were read.
    const later = await memberSays(owner, `<@${CUSTOM_BOT.userId}> and now?`);
    await waitFor(async () => (await repliesTo(later.id)).length > 0, "the owner guild's later answer", 15_000);
    await waitFor(async () => {
      const status = await (await api(`/api/gateway/status?applicationId=${CUSTOM_BOT.applicationId}`)).json<{ shards: { outbox: number }[] }>();
      return status.shards.every((shard) => shard.outbox === 0);
    }, 'the custom shard outbox to drain');

    expect(await repliesTo(question.id)).toEqual([]);
    expect(await guildActorExists(stranger.id)).toBe(false);
    expect(await guildActorExists(owner.id)).toBe(true);
  });
});
