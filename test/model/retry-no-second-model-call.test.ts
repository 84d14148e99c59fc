// An answer whose post fails and is retried by the inbox is not written again: the model is asked once, the
// stored answer is posted on the retry, and it is counted once.

import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedRepliesTo,
  actorSql,
  addKnowledge,
  callsTo,
  clearFaults,
  createGuild,
  guildActorStub,
  memberSays,
  restFault,
  settle,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  usageOf,
  waitFor,
  type SimGuildInfo,
} from '../integration/support';
import { answerRequestsFor } from './support';

/** The REST client tries a call this many times (1 + 3 retries) before the event fails. */
const CALLS_PER_ATTEMPT = 4;
const QUESTION = 'how do refunds work? (asked while Discord fails)';

describe('a retried answer', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Model Retry Guild');
    await addKnowledge(guild.id, { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' });
  });
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('asks the model once and posts the stored answer on the retry', async () => {
    const path = `/channels/${guild.channels[0]!.id}/messages`;
    await restFault({ method: 'POST', path, status: 500, count: CALLS_PER_ATTEMPT });
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> ${QUESTION}`, { userId: '200000000000009701', username: 'retry-model' });
    await waitFor(async () => (await callsTo('POST', path)).length >= CALLS_PER_ATTEMPT, 'the failed reply attempts', 15_000);
    await waitFor(async () => (await actorSql(guild.id, 'SELECT 1 FROM pending_replies')).length === 1, 'the stored answer');
    await settle();

    await actorSql(guild.id, "UPDATE timers SET due_at = ? WHERE kind = 'inbox'", Date.now() - 1_000);
    expect(await runDurableObjectAlarm(guildActorStub(guild.id))).toBe(true);
    await waitFor(async () => (await acceptedRepliesTo(question.id)).length > 0, 'the reply on the retry', 15_000);
    await settle();

    expect(await acceptedRepliesTo(question.id)).toHaveLength(1);
    expect(await answerRequestsFor((text) => text === QUESTION)).toHaveLength(1);
    expect((await usageOf(guild.id)).byKind.answer).toBe(1);
  });
});
