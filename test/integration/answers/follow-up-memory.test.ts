// Conversation memory (offline answerer): a follow-up that means nothing on its own is answered from the
// document the member's previous question found; memory is per member (and channel).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  conversations,
  createGuild,
  NO_ANSWER_TEXT_FOR_TESTS,
  replyContent,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  memberSays,
  type SimGuildInfo,
} from '../support';

// Two paragraphs, each long enough to be its own passage (passages aim at ~700 characters).
const WINDOW_PARAGRAPH =
  'Refund window: you can ask for a refund within 30 days of purchase for any subscription or one-off order. ' +
  'Open a ticket in the billing channel with your order number and the email address on the account. ' +
  'Refunds cover the full amount paid, including taxes, minus any partial month already used on a subscription. ' +
  'Gift cards, vouchers and promotional credit are not refundable, and orders bought during a clearance sale are final. ' +
  'A refund request is reviewed by the billing team, who reply on the ticket with their decision.';
const DELIVERY_PARAGRAPH =
  'Refund delivery: once a refund is approved, refunds reach your card within 5 business days. ' +
  'The money goes back to the same card or wallet used for the purchase; we cannot send it to a different card. ' +
  'Your bank may show the refund as pending for a while before it settles on the statement. ' +
  'If you paid with a voucher code, the voucher value is restored to your account instead of a card. ' +
  'A confirmation email with the refund reference is sent when the refund leaves our payment provider.';

const USER_A = { userId: '200000000000000101', username: 'alice' };
const USER_B = { userId: '200000000000000102', username: 'bob' };
// Alone, none of its words is in the knowledge base ("and", "how", "that" are stop words; "long", "take" absent).
const FOLLOW_UP = 'and how long does that take?';

describe('follow-up memory', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Follow-up Memory Guild');
    await addKnowledge(guild.id, { title: 'Billing and refunds', content: `${WINDOW_PARAGRAPH}\n\n${DELIVERY_PARAGRAPH}` });
    await addKnowledge(guild.id, {
      title: 'Shipping',
      content: 'Orders ship from our warehouse in Rotterdam. Tracking numbers are emailed when the parcel is handed to the courier.',
    });
  });
  afterAll(stopGateway);

  it("answers a member's follow-up from the refunds document, using their previous question", async () => {
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, USER_A);
    const answer = await replyContent(question.id);
    expect(answer).toContain('Source: Billing and refunds');

    const followUp = await memberSays(guild, `<@${TEST_BOT.userId}> ${FOLLOW_UP}`, USER_A);
    const followUpAnswer = await replyContent(followUp.id);
    expect(followUpAnswer).not.toBe(NO_ANSWER_TEXT_FOR_TESTS);
    expect(followUpAnswer).toContain('Source: Billing and refunds');
    expect(followUpAnswer).toMatch(/refund/i);
  });

  it('keeps memory per member: another member asking the same follow-up cold gets only what the knowledge gives', async () => {
    const cold = await memberSays(guild, `<@${TEST_BOT.userId}> ${FOLLOW_UP}`, USER_B);
    expect(await replyContent(cold.id)).toBe(NO_ANSWER_TEXT_FOR_TESTS);

    const list = await conversations(guild.id);
    const channelId = guild.channels[0]!.id;
    const byUser = new Map(list.map((conversation) => [conversation.userId, conversation]));
    // Alice: two questions and two answers; Bob: one of each.
    expect(byUser.get(USER_A.userId)).toMatchObject({ channelId, turns: 4, conversationId: `${channelId}:${USER_A.userId}` });
    expect(byUser.get(USER_B.userId)).toMatchObject({ channelId, turns: 2, conversationId: `${channelId}:${USER_B.userId}` });
    expect(list).toHaveLength(2);
  });
});
