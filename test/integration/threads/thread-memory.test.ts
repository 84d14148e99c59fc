// A thread is one conversation: its memory is the thread's, whoever writes in it, and it is kept apart from
// the parent channel's conversations (offline answerer: a follow-up that means nothing alone needs memory).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, conversations, createGuild, memberSays, NO_ANSWER_TEXT_FOR_TESTS, replyContent, startGatewayAndWait, stopGateway, TEST_BOT } from '../support';
import { memberStartsThread } from './support';

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
// Alone, none of its words is in the knowledge base: only memory of a refund question finds a passage.
const FOLLOW_UP = 'and how long does that take?';
const ALICE = { userId: '200000000000012201', username: 'alice' };
const BOB = { userId: '200000000000012202', username: 'bob' };

describe('thread memory', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it("is the thread's, shared by everyone in it, and apart from the channel's", async () => {
    const guild = await createGuild('Thread Memory Guild');
    await addKnowledge(guild.id, { title: 'Billing and refunds', content: `${WINDOW_PARAGRAPH}\n\n${DELIVERY_PARAGRAPH}` });
    const general = guild.channels[0]!.id;

    // Alice asks about refunds in the channel: that is her channel conversation.
    const inChannel = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, ALICE);
    expect(await replyContent(inChannel.id)).toContain('Billing and refunds');

    // In a new thread, her follow-up has no memory: the channel's conversation is not the thread's.
    const thread = await memberStartsThread(general, 'More questions', { id: ALICE.userId, username: ALICE.username });
    const cold = await memberSays(guild, `<@${TEST_BOT.userId}> ${FOLLOW_UP}`, { ...ALICE, channelId: thread.id });
    expect(await replyContent(cold.id)).toBe(NO_ANSWER_TEXT_FOR_TESTS);

    // Bob asks about refunds in the thread; Alice's follow-up there uses the thread's memory (Bob's question).
    const bobAsks = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { ...BOB, channelId: thread.id });
    expect(await replyContent(bobAsks.id)).toContain('Billing and refunds');
    const warm = await memberSays(guild, `<@${TEST_BOT.userId}> ${FOLLOW_UP}`, { ...ALICE, channelId: thread.id });
    const warmAnswer = await replyContent(warm.id);
    expect(warmAnswer).not.toBe(NO_ANSWER_TEXT_FOR_TESTS);
    expect(warmAnswer).toContain('Billing and refunds');

    // One conversation for the thread (filed under its owner), one for Alice in the channel.
    const list = await conversations(guild.id);
    expect(list.find((c) => c.channelId === thread.id)).toMatchObject({ conversationId: `${thread.id}:${ALICE.userId}`, turns: 6 });
    expect(list.find((c) => c.channelId === general)).toMatchObject({ conversationId: `${general}:${ALICE.userId}`, turns: 2 });
    expect(list).toHaveLength(2);
  });
});
