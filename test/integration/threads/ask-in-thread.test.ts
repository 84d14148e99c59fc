// `/ask` in a thread joins the thread's conversation: a member's follow-up there is answered with the memory of
// the thread (the post's question), which a member asking elsewhere would not have.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, deliverInteraction, exactReplies, NO_ANSWER_TEXT_FOR_TESTS, signInteraction, startGatewayAndWait, stopGateway, TEST_BOT, waitForFollowUp } from '../support';
import { forumGuild, forumPost } from './support';

const REFUNDS =
  'Refund window: you can ask for a refund within 30 days of purchase for any subscription or one-off order. ' +
  'Open a ticket in the billing channel with your order number and the email address on the account.\n\n' +
  'Refund delivery: once a refund is approved, refunds reach your card within 5 business days. ' +
  'The money goes back to the same card or wallet used for the purchase; we cannot send it to a different card.';
// Alone, none of its words is in the knowledge base: only memory of a refund question finds a passage.
const FOLLOW_UP = 'and how long does that take?';
const OTHER = { id: '200000000000012601', username: 'other' };

describe('/ask in a thread', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it("answers with the thread's memory", async () => {
    const guild = await forumGuild('Ask In Thread Guild');
    await addKnowledge(guild.id, { title: 'Billing and refunds', content: REFUNDS });
    const post = await forumPost(guild.forum, 'Refunds', 'How do refunds work?');
    await exactReplies(guild, post.message);

    const inThread = await signInteraction({ guild, channelId: post.thread.id, user: OTHER, question: FOLLOW_UP });
    expect((await deliverInteraction(inThread)).status).toBe(200);
    const answer = (await waitForFollowUp(TEST_BOT.applicationId, inThread.interaction.token)).body as { content: string };
    expect(answer.content).not.toBe(NO_ANSWER_TEXT_FOR_TESTS);
    expect(answer.content).toContain('Billing and refunds');

    // The same question in the channel has no such memory.
    const inChannel = await signInteraction({ guild, channelId: guild.general, user: OTHER, question: FOLLOW_UP });
    await deliverInteraction(inChannel);
    expect(((await waitForFollowUp(TEST_BOT.applicationId, inChannel.interaction.token)).body as { content: string }).content).toBe(NO_ANSWER_TEXT_FOR_TESTS);
  });
});
