// responseMode "all" with smartMode on: questions are answered without a mention, casual chat is not,
// and a mention is always answered (even of casual chat).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  createGuild,
  expectNothingPostedAfter,
  handledByGuild,
  memberSays,
  NO_ANSWER_TEXT_FOR_TESTS,
  patchSettings,
  repliesTo,
  replyContent,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  type SimGuildInfo,
} from '../support';

const REFUNDS = { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' };

describe('responseMode all + smartMode', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('All Smart Guild');
    const settings = await patchSettings(guild.id, { responseMode: 'all', smartMode: true });
    expect(settings).toMatchObject({ responseMode: 'all', smartMode: true });
    await addKnowledge(guild.id, REFUNDS);
  });
  afterAll(stopGateway);

  it('answers a question that does not mention the bot, and ignores "lol", "gm" and "thanks!"', async () => {
    const casual = [];
    for (const text of ['lol', 'gm', 'thanks!']) casual.push(await memberSays(guild, text, { userId: '200000000000000011', username: 'chatty' }));
    const question = await memberSays(guild, 'how do refunds work?', { userId: '200000000000000012', username: 'asker' });

    const answer = await replyContent(question.id);
    expect(answer).toContain('Refunds are issued within 14 days');
    expect(answer).toContain('Source: Refund policy');

    // Every bot message in the channel between the first casual message and the question: none.
    await handledByGuild(guild, casual);
    await expectNothingPostedAfter(guild, casual[0]!, { until: question });
    for (const message of casual) expect(await repliesTo(message.id), `reply to "${message.content}"`).toEqual([]);
  });

  it('answers a mention even when it is casual chat', async () => {
    const mention = await memberSays(guild, `<@${TEST_BOT.userId}> lol`, { userId: '200000000000000013', username: 'pinger' });
    const answer = await replyContent(mention.id);
    // Nothing in the knowledge base is about "lol": the plain no-answer text, but an answer nonetheless.
    expect(answer).toBe(NO_ANSWER_TEXT_FOR_TESTS);
  });
});
