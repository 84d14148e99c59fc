// Smart mode through the model (responseMode all, smartMode on): each unmentioned message is first judged
// with a structured-output request (json_schema with a boolean `shouldAnswer`); casual chat is skipped with
// no answer request, a question is answered.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  createGuild,
  expectNothingPostedAfter,
  memberSays,
  patchSettings,
  repliesTo,
  replyContent,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  type SimGuildInfo,
} from '../integration/support';
import { answerRequestsFor, isStructured, lastUserMessage, modelRequests, type ModelRequest } from './support';

const PASSWORDS = {
  title: 'Account passwords',
  content: 'To reset your password, open Settings, choose Security and press "Reset password". A reset link is emailed to you.',
};
const CASUAL = 'lol nice';
const QUESTION = 'how do I reset my password?';
const MEMBER = { userId: '200000000000000731', username: 'erin-smart' };

/** The smart-mode judgement requests whose member text is `text`. */
async function judgementsOf(text: string): Promise<ModelRequest[]> {
  return (await modelRequests()).filter((r) => isStructured(r) && lastUserMessage(r).endsWith(`Message to classify: ${text}`));
}

describe('smart mode through the model', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Model Smart Guild');
    expect(await patchSettings(guild.id, { responseMode: 'all', smartMode: true })).toMatchObject({ responseMode: 'all', smartMode: true });
    await addKnowledge(guild.id, PASSWORDS);
  });
  afterAll(stopGateway);

  it('skips "lol nice" after a structured judgement, and answers a question', async () => {
    const casual = await memberSays(guild, CASUAL, MEMBER);
    const [judgement] = await waitFor(async () => {
      const found = await judgementsOf(CASUAL);
      return found.length ? found : null;
    }, 'the smart-mode judgement of "lol nice"');

    // A structured-output request: response_format json_schema with a boolean shouldAnswer property.
    expect(judgement!.response_format?.type).toBe('json_schema');
    const format = judgement!.response_format as { type: 'json_schema'; json_schema: { schema?: { properties?: Record<string, { type?: unknown }> } } };
    expect(format.json_schema.schema?.properties?.['shouldAnswer']).toMatchObject({ type: 'boolean' });
    expect(judgement!.messages.find((m) => m.role === 'system')).toBeDefined();

    const question = await memberSays(guild, QUESTION, MEMBER);
    const answer = await replyContent(question.id);
    expect(answer).toBe('According to "Account passwords": To reset your password, open Settings, choose Security and press "Reset password".');
    expect(await judgementsOf(QUESTION)).toHaveLength(1);
    expect(await answerRequestsFor((text) => text === QUESTION)).toHaveLength(1);

    // Every bot message between "lol nice" and the question, once any retry has run: none.
    await expectNothingPostedAfter(guild, casual, { until: question });
    expect(await repliesTo(casual.id)).toEqual([]);
    expect(await judgementsOf(CASUAL)).toHaveLength(1);
    expect(await answerRequestsFor((text) => text.includes(CASUAL))).toEqual([]);
  });
});
