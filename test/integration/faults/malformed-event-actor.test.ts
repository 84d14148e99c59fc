// The guild actor's own guard: an event missing what it relies on is refused (not stored), and a row already in
// its inbox that cannot be read (written before the shard validated dispatches) is dropped instead of blocking
// every later event of the guild.

import { evictDurableObject } from 'cloudflare:test';
import type { APIMessage } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MessageCreateEvent } from '../../../src/guild/events';
import { actorSql, askBot, guildActorStub, guildWithKnowledge, settledReplies, TEST_BOT, type SimGuildInfo } from '../support';

const BOT = { appKey: 'shared', applicationId: TEST_BOT.applicationId, botUserId: TEST_BOT.userId };

function messageCreateEvent(guildId: string, message: APIMessage): MessageCreateEvent {
  return {
    kind: 'message_create',
    eventId: `message_create:shared:${message.id}`,
    bot: BOT,
    message: { ...message, guild_id: guildId, mentions: message.mentions ?? [] } as unknown as MessageCreateEvent['message'],
  };
}

function withoutAuthor(event: MessageCreateEvent, id: string): MessageCreateEvent {
  const { author: _author, ...message } = event.message;
  return { ...event, eventId: `message_create:shared:${id}`, message: { ...message, id } as unknown as MessageCreateEvent['message'] };
}

describe('a malformed event handed to the guild actor', () => {
  let guild: SimGuildInfo;

  // The gateway stays off: only the deliveries below reach the actor.
  beforeAll(async () => {
    guild = await guildWithKnowledge('Malformed Event Actor Guild');
  });

  it('is refused naming the field, and not stored', async () => {
    const question = await askBot(guild, 'how do refunds work?');
    const bad = withoutAuthor(messageCreateEvent(guild.id, question), '990000000000000101');
    expect(await guildActorStub(guild.id).receiveGatewayEvent(bad)).toEqual({ duplicate: false, rejected: 'message.author.id' });
    expect(await actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE payload IS NOT NULL')).toEqual([]);
    expect(await actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE event_id = ?', bad.eventId)).toEqual([]);

    expect(await guildActorStub(guild.id).receiveGatewayEvent(messageCreateEvent(guild.id, question))).toEqual({ duplicate: false });
    expect(await settledReplies(question.id)).toHaveLength(1);
  });

  it('already in the inbox is dropped, and the events behind it are handled', async () => {
    const question = await askBot(guild, 'what is the refund window?');
    const bad = withoutAuthor(messageCreateEvent(guild.id, question), '990000000000000102');
    await actorSql(guild.id, 'INSERT INTO seen_events (event_id, payload, seen_at) VALUES (?, ?, ?)', bad.eventId, JSON.stringify(bad), Date.now() - 1_000);
    // Such a row predates this instance (an older version wrote it): the actor reads its inbox when it starts.
    await evictDurableObject(guildActorStub(guild.id));

    expect(await guildActorStub(guild.id).receiveGatewayEvent(messageCreateEvent(guild.id, question))).toEqual({ duplicate: false });
    expect(await settledReplies(question.id)).toHaveLength(1);
    expect(await actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE payload IS NOT NULL')).toEqual([]);
  });
});
