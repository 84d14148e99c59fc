// Contract §6: a new question about something the knowledge base does not cover, asked right after a related
// one, gets the plain "nothing relevant" answer, never the previous question's passage; a real follow-up still
// uses the earlier question.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, createGuild, memberSays, NO_ANSWER_TEXT_FOR_TESTS, replyContent, startGatewayAndWait, stopGateway, TEST_BOT, type SimGuildInfo } from '../support';

const MEMBER = { userId: '200000000000001301', username: 'unrelated-after' };
const ask = (guild: SimGuildInfo, question: string) => memberSays(guild, `<@${TEST_BOT.userId}> ${question}`, MEMBER);

describe('an unrelated question after a related one', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Unrelated After Related Guild');
    await addKnowledge(guild.id, {
      title: 'Refund policy',
      content: 'Refunds are issued within 14 days of purchase to the original payment method. Annual plans are refunded pro rata within 30 days.',
    });
    await addKnowledge(guild.id, { title: 'Shipping', content: 'Orders ship from Rotterdam. Express delivery takes 2 business days.' });
  });
  afterAll(stopGateway);

  it('answers the related question from its passage', async () => {
    const question = await ask(guild, 'how do refunds work?');
    expect(await replyContent(question.id)).toContain('Source: Refund policy');
  });

  it('gets "nothing relevant" for a new subject, not the refunds passage', async () => {
    const unrelated = await ask(guild, 'what is the capital of France?');
    expect(await replyContent(unrelated.id)).toBe(NO_ANSWER_TEXT_FOR_TESTS);
  });

  it('gets "nothing relevant" for a continuation that brings a subject the knowledge base lacks', async () => {
    const bitcoin = await ask(guild, 'what about a refund in Bitcoin?');
    expect(await replyContent(bitcoin.id)).toBe(NO_ANSWER_TEXT_FOR_TESTS);
  });

  it('still answers a real follow-up from the earlier question', async () => {
    const first = await ask(guild, 'how do refunds work?');
    expect(await replyContent(first.id)).toContain('Source: Refund policy');
    const followUp = await ask(guild, 'and for annual plans?');
    const answer = await replyContent(followUp.id);
    expect(answer).toContain('Source: Refund policy');
    expect(answer).toContain('pro rata');
  });
});
