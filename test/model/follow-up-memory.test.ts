// Conversation memory through the model: a member's follow-up is sent with their earlier question and the
// bot's answer as earlier user/assistant messages; another member's identical follow-up carries no history.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, createGuild, memberSays, replyContent, startGatewayAndWait, stopGateway, TEST_BOT, type SimGuildInfo } from '../integration/support';
import { requestMark, requestsSince, textOf, userMessages, type ModelRequest } from './support';

const REFUNDS = { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' };
const FIRST = 'how do refunds work?';
const FOLLOW_UP = 'how long does that take?';
const ALICE = { userId: '200000000000000711', username: 'alice-memory' };
const BOB = { userId: '200000000000000712', username: 'bob-memory' };

/** The one answer request made for the message just handled (after `mark`). */
async function onlyRequestSince(mark: number): Promise<ModelRequest> {
  const requests = await requestsSince(mark);
  expect(requests, 'model requests for one mention').toHaveLength(1);
  return requests[0]!;
}

describe('follow-up memory through the model', () => {
  let guild: SimGuildInfo;
  let firstAnswer: string;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Model Follow-up Guild');
    await addKnowledge(guild.id, REFUNDS);
  });
  afterAll(stopGateway);

  it('sends the member\'s earlier question and the bot\'s answer as history with the follow-up', async () => {
    let mark = await requestMark();
    const first = await memberSays(guild, `<@${TEST_BOT.userId}> ${FIRST}`, ALICE);
    firstAnswer = await replyContent(first.id);
    expect(firstAnswer).toBe('According to "Refund policy": Refunds are issued within 14 days of purchase.');
    const firstRequest = await onlyRequestSince(mark);
    expect(firstRequest.messages.map((m) => m.role)).toEqual(['system', 'user']);

    mark = await requestMark();
    const followUp = await memberSays(guild, `<@${TEST_BOT.userId}> ${FOLLOW_UP}`, ALICE);
    const reply = await replyContent(followUp.id);
    const request = await onlyRequestSince(mark);

    // system, then the earlier turn as user + assistant, then the follow-up.
    expect(request.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(textOf(request.messages[1])).toBe(FIRST);
    expect(textOf(request.messages[2])).toBe(firstAnswer);
    expect(textOf(request.messages[3])).toBe(FOLLOW_UP);
    // The follow-up is also searched with the earlier question, so the refunds passage is in the prompt.
    expect(textOf(request.messages[0])).toContain('[1] Title: Refund policy');

    expect(reply).toContain(`(I remember you asked about: ${FIRST}`);
  });

  it('another member\'s identical follow-up has no history', async () => {
    const mark = await requestMark();
    const cold = await memberSays(guild, `<@${TEST_BOT.userId}> ${FOLLOW_UP}`, BOB);
    const reply = await replyContent(cold.id);
    const request = await onlyRequestSince(mark);

    expect(request.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(userMessages(request)).toEqual([FOLLOW_UP]);
    expect(request.messages.some((m) => m.role === 'assistant')).toBe(false);
    expect(reply).not.toContain('I remember you asked about');
    // Nothing in the knowledge base is about "long" or "take", and Bob has no earlier question to search with.
    expect(reply).toBe("I don't know.");
  });
});
