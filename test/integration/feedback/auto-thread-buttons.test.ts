// With autoThread the answer goes in a new thread: its buttons are there, and a vote clicked in that thread is
// accepted (the answer is recorded where it was posted, not where the question was).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, channelMessages, createGuild, memberSays, patchSettings, startGatewayAndWait, stopGateway, TEST_BOT, waitFor } from '../support';
import { clickButton, customIdsOf, insightsOf } from './support';

const MEMBER = { id: '200000000000013101', username: 'yara' };

describe('buttons on an auto-thread answer', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('carries the buttons in the thread and takes a vote there', async () => {
    const guild = await createGuild('Auto Thread Buttons Guild');
    await addKnowledge(guild.id, { title: 'Password reset', content: 'To reset your password open Settings, choose Security and press Reset password.' });
    await patchSettings(guild.id, { autoThread: true });
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do I reset my password?`, { userId: MEMBER.id, username: MEMBER.username });
    // Discord gives a thread started from a message that message's id.
    const answer = await waitFor(async () => (await channelMessages(question.id).catch(() => [])).find((m) => customIdsOf(m).length > 0), 'the answer in the thread');
    expect(customIdsOf(answer)).toContain(`herald:vote:up:${question.id}`);

    const vote = await clickButton(guild, { channelId: question.id, messageId: answer.id, customId: `herald:vote:down:${question.id}`, user: MEMBER });
    expect(vote.json?.data?.content).toMatch(/thanks/i);
    expect((await insightsOf(guild.id)).feedback).toEqual({ up: 0, down: 1 });
  });
});
