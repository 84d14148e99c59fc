// A reply whose post fails (Discord 500s past the REST client's retries) is run again by the inbox: the rerun
// posts the stored reply, so the member gets one answer, the quota counts one answer, and the memory holds
// one question and one answer. The same for a `/ask` whose follow-up fails.

import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedRepliesTo,
  actorSql,
  askBot,
  callsTo,
  clearFaults,
  conversations,
  deliverInteraction,
  followUps,
  guildActorStub,
  guildWithKnowledge,
  restFault,
  settle,
  signInteraction,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  usageOf,
  waitFor,
} from '../support';

/** The REST client tries a call this many times (1 + 3 retries) before the event fails. */
const CALLS_PER_ATTEMPT = 4;

/** Runs the actor's alarm with its inbox retry due now (instead of INBOX_RETRY_MS later). */
async function retryInboxNow(guildId: string): Promise<void> {
  await actorSql(guildId, "UPDATE timers SET due_at = ? WHERE kind = 'inbox'", Date.now() - 1_000);
  expect(await runDurableObjectAlarm(guildActorStub(guildId))).toBe(true);
}

describe('a retried reply is counted and remembered once', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('a mention whose reply failed is answered once, counted once, remembered once', async () => {
    const guild = await guildWithKnowledge('Retry Count Guild');
    const path = `/channels/${guild.channels[0]!.id}/messages`;
    await restFault({ method: 'POST', path, status: 500, count: CALLS_PER_ATTEMPT });

    const question = await askBot(guild, 'how do refunds work?');
    await waitFor(async () => (await callsTo('POST', path)).length >= CALLS_PER_ATTEMPT, 'the failed reply attempts', 15_000);
    await waitFor(async () => (await actorSql(guild.id, 'SELECT 1 FROM pending_replies')).length === 1, 'the stored reply');
    await settle();
    expect(await acceptedRepliesTo(question.id)).toHaveLength(0);

    await retryInboxNow(guild.id);
    await waitFor(async () => (await acceptedRepliesTo(question.id)).length > 0, 'the reply on the retry', 15_000);
    await settle();

    expect(await acceptedRepliesTo(question.id)).toHaveLength(1);
    expect((await usageOf(guild.id)).byKind.answer).toBe(1);
    expect((await conversations(guild.id)).map((c) => c.turns)).toEqual([2]);
    expect(await actorSql(guild.id, 'SELECT 1 FROM pending_replies')).toEqual([]);
  });

  it('a /ask whose follow-up failed is delivered once, counted once, remembered once', async () => {
    const guild = await guildWithKnowledge('Retry Count Ask Guild');
    const signed = await signInteraction({ guild, user: { id: '200000000000009101', username: 'retry-asker' }, question: 'how do refunds work?' });
    const path = `/webhooks/${TEST_BOT.applicationId}/${signed.interaction.token}`;
    await restFault({ method: 'POST', path, status: 500, count: CALLS_PER_ATTEMPT });

    expect((await deliverInteraction(signed)).json).toEqual({ type: 5 });
    await waitFor(async () => (await callsTo('POST', path)).length >= CALLS_PER_ATTEMPT, 'the failed follow-up attempts', 15_000);
    await waitFor(async () => (await actorSql(guild.id, 'SELECT 1 FROM pending_replies')).length === 1, 'the stored reply');
    await settle();
    expect(await followUps(TEST_BOT.applicationId, signed.interaction.token)).toHaveLength(0);

    await retryInboxNow(guild.id);
    await waitFor(async () => (await followUps(TEST_BOT.applicationId, signed.interaction.token)).length > 0, 'the follow-up on the retry', 15_000);
    await settle();

    const delivered = await followUps(TEST_BOT.applicationId, signed.interaction.token);
    expect(delivered).toHaveLength(1);
    expect((delivered[0]!.body as { content: string }).content).toContain('Refund');
    expect((await usageOf(guild.id)).byKind.answer).toBe(1);
    expect((await conversations(guild.id)).map((c) => c.turns)).toEqual([2]);
  });
});
