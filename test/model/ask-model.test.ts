// /ask through the model: the Worker defers at once (type 5), then the guild actor asks the model and posts
// its grounded answer on the interaction's follow-up webhook.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  createGuild,
  deliverInteraction,
  followUps,
  forceInboxRetry,
  signInteraction,
  TEST_BOT,
  waitForFollowUp,
  type SimGuildInfo,
} from '../integration/support';
import { answerRequestsFor, systemPrompt } from './support';

const REFUNDS = { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' };
const QUESTION = 'how do refunds work for my order?';

describe('/ask through the model', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    guild = await createGuild('Model Ask Guild');
    await addKnowledge(guild.id, REFUNDS);
  });

  it('defers, then delivers the model\'s grounded answer as the follow-up', async () => {
    const signed = await signInteraction({ guild, user: { id: '200000000000000771', username: 'nora-ask' }, question: QUESTION });
    const delivered = await deliverInteraction(signed);
    expect(delivered.status).toBe(200);
    expect(delivered.json).toEqual({ type: 5 });
    expect(delivered.ms).toBeLessThan(3_000);

    const followUp = await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token);
    const body = followUp.body as { content: string; allowed_mentions?: { parse?: string[] } };
    expect(body.content).toBe('According to "Refund policy": Refunds are issued within 14 days of purchase.');
    expect(body.allowed_mentions?.parse).toEqual([]);
    expect(followUp.headers.authorization).toBeUndefined();

    // The answer came from the model, which was given the question and the retrieved passage.
    const requests = await answerRequestsFor((text) => text === QUESTION);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.model).toBe('fake-model');
    expect(systemPrompt(requests[0]!)).toContain('[1] Title: Refund policy');

    // One answer, one follow-up, even after the inbox's retry has run.
    await forceInboxRetry(guild.id);
    expect(await followUps(TEST_BOT.applicationId, signed.interaction.token)).toHaveLength(1);
  });
});
