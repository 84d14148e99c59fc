// An `/ask` was acknowledged to Discord, so it always gets an answer: when the member already has
// INBOX_MEMBER_LIMIT events waiting, the follow-up is a short busy notice instead of an answer.

import { evictDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_BUSY_TEXT } from '../../../src/guild/inbox';
import { INBOX_MEMBER_LIMIT } from '../../../src/guild/schema';
import { actorSql, deliverInteraction, guildActorStub, guildWithKnowledge, signInteraction, startGatewayAndWait, stopGateway, waitForFollowUp } from '../support';

const USER = { id: '200000000000007101', username: 'busy-asker' };

describe('inbox: /ask over the member cap', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('answers with the busy notice', async () => {
    const guild = await guildWithKnowledge('Ask Over Cap Guild');
    const channelId = guild.channels[0]!.id;
    // The member already has a full queue in another channel, parked for an hour.
    const parkedUntil = Date.now() + 60 * 60_000;
    for (let i = 0; i < INBOX_MEMBER_LIMIT; i++) {
      await actorSql(
        guild.id,
        "INSERT INTO seen_events (event_id, payload, seen_at, order_key, member_id, mode, not_before) VALUES (?, '{}', ?, ?, ?, 'full', ?)",
        `busy-filler-${i}`,
        Date.now(),
        `conversation:other:${USER.id}`,
        USER.id,
        parkedUntil,
      );
    }
    // A fresh actor instance reads the inbox from storage.
    await evictDurableObject(guildActorStub(guild.id));

    const signed = await signInteraction({ guild, channelId, user: USER, question: 'how do refunds work?' });
    const delivered = await deliverInteraction(signed);
    expect(delivered.json?.type).toBe(5);
    const followUp = await waitForFollowUp(signed.interaction.application_id, signed.interaction.token);
    expect((followUp.body as { content: string }).content).toBe(INBOX_BUSY_TEXT);
  });
});
