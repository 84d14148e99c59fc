// Nothing relevant in the knowledge base: the model is told no passage matched, and the member gets
// "I don't know." instead of a guess.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, createGuild, memberSays, replyContent, startGatewayAndWait, stopGateway, TEST_BOT } from '../integration/support';
import { requestMark, requestsSince, systemPrompt, userMessages } from './support';

const SHIPPING = {
  title: 'Shipping',
  content: 'Orders ship from our warehouse in Rotterdam within two business days. Tracking numbers are emailed when the parcel leaves.',
};
const QUESTION = 'how do I change my avatar?';

describe('a question the knowledge base knows nothing about', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('replies "I don\'t know." and the model was told no passages matched', async () => {
    const guild = await createGuild('Model Nothing Relevant Guild');
    await addKnowledge(guild.id, SHIPPING);

    const mark = await requestMark();
    const message = await memberSays(guild, `<@${TEST_BOT.userId}> ${QUESTION}`, { userId: '200000000000000761', username: 'mia-nothing' });
    expect(await replyContent(message.id)).toBe("I don't know.");

    const requests = await requestsSince(mark);
    expect(requests).toHaveLength(1);
    const system = systemPrompt(requests[0]!);
    expect(system).toContain('<knowledge>\n(no passages matched this question)\n</knowledge>');
    expect(system).not.toContain('Title: Shipping');
    expect(system).not.toContain('Rotterdam');
    expect(userMessages(requests[0]!)).toEqual([QUESTION]);
  });
});
