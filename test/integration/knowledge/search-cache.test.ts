// The guild actor keeps recent searches (KnowledgeStore's search cache): adding or deleting a document must
// empty it, so the same question asked again is answered from the knowledge base as it is now.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createGuild, memberSays, NO_ANSWER_TEXT_FOR_TESTS, repliesTo, startGatewayAndWait, stopGateway, waitFor } from '../support';
import { TEST_BOT } from '../../support/constants';

const QUESTION = `<@${TEST_BOT.userId}> how long does shipping to Norway take?`;

async function answerTo(guild: { id: string; channels: { id: string }[] }, userId: string): Promise<string> {
  const question = await memberSays(guild as never, QUESTION, { userId, username: `asker${userId.slice(-2)}` });
  const reply = await waitFor(async () => (await repliesTo(question.id))[0], 'the answer');
  return (reply.body as { content: string }).content;
}

describe('search cache', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('answers the same question from the knowledge base as changed since', async () => {
    const guild = await createGuild('Search Cache Guild');
    expect(await answerTo(guild, '200000000000009101')).toBe(NO_ANSWER_TEXT_FOR_TESTS);

    const added = await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Shipping', content: 'Shipping to Norway takes 5 working days.' } });
    const doc = await added.json<{ id: string }>();
    expect(await answerTo(guild, '200000000000009102')).toContain('5 working days');

    expect((await api(`/api/guilds/${guild.id}/knowledge/${doc.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await answerTo(guild, '200000000000009103')).toBe(NO_ANSWER_TEXT_FOR_TESTS);
  });
});
