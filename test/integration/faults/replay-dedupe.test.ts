// The same MESSAGE_CREATE delivered twice (a replay after RESUME, or two shard instances) is acted on once:
// the GuildActor's durable inbox deduplicates by event id.

import { env, runInDurableObject } from 'cloudflare:test';
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuildActor } from '../../../src/actors/guild-actor';
import type { MessageCreateEvent } from '../../../src/guild/events';
import {
  askBot,
  guildWithKnowledge,
  repliesTo,
  settledReplies,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  type SimGuildInfo,
} from '../support';

/** The event exactly as the GatewayShard builds it from a MESSAGE_CREATE dispatch. */
function messageCreateEvent(guildId: string, message: APIMessage): MessageCreateEvent {
  return {
    kind: 'message_create',
    eventId: `message_create:shared:${message.id}`,
    bot: { appKey: 'shared', applicationId: TEST_BOT.applicationId, botUserId: TEST_BOT.userId },
    message: { ...message, guild_id: guildId, mentions: message.mentions ?? [] } as unknown as MessageCreateEvent['message'],
  };
}

function actor(guildId: string) {
  return env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
}

async function inboxSize(guildId: string): Promise<number> {
  return runInDurableObject(actor(guildId), (_instance: GuildActor, state) =>
    state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM seen_events WHERE payload IS NOT NULL').one().n,
  );
}

describe('a MESSAGE_CREATE delivered twice', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Replay Dedupe Guild');
  });
  afterAll(stopGateway);

  it('is taken once and answered once when the same event arrives twice', async () => {
    // With the gateway off the simulator delivers this message to nobody: only our two deliveries reach the actor.
    await stopGateway();
    try {
      const question = await askBot(guild, 'how do refunds work?');
      expect(question.mentions.map((user) => user.id)).toContain(TEST_BOT.userId);
      const event = messageCreateEvent(guild.id, question);

      const first = await actor(guild.id).receiveGatewayEvent(event);
      const second = await actor(guild.id).receiveGatewayEvent(structuredClone(event));
      expect(first).toEqual({ duplicate: false });
      expect(second).toEqual({ duplicate: true });

      expect(await settledReplies(question.id)).toHaveLength(1);
      expect(await inboxSize(guild.id)).toBe(0);
    } finally {
      await startGatewayAndWait();
    }
  });

  it('is taken once when two deliveries race', async () => {
    await stopGateway();
    try {
      const question = await askBot(guild, 'what is the refund window?');
      const event = messageCreateEvent(guild.id, question);
      const results = await Promise.all([
        actor(guild.id).receiveGatewayEvent(event),
        actor(guild.id).receiveGatewayEvent(structuredClone(event)),
      ]);
      expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
      expect(await settledReplies(question.id)).toHaveLength(1);
    } finally {
      await startGatewayAndWait();
    }
  });

  it('is a duplicate when replayed after the gateway already delivered it', async () => {
    const question = await askBot(guild, 'do you refund orders?');
    expect(await settledReplies(question.id)).toHaveLength(1);

    // The replay a RESUME would bring: same message, same event id.
    const replayed = await actor(guild.id).receiveGatewayEvent(messageCreateEvent(guild.id, question));
    expect(replayed).toEqual({ duplicate: true });
    expect(await settledReplies(question.id)).toHaveLength(1);
    expect(await repliesTo(question.id)).toHaveLength(1);
  });
});
