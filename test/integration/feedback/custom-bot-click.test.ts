// A guild with its own bot: the answer (posted with the custom bot's token) carries the buttons, and a click
// arrives at that application's interactions URL, verified with its own key, and is recorded; the shared
// endpoint is not where this bot's clicks are verified.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { CUSTOM_BOT } from '../../support/constants';
import { addKnowledge, exactReplies, memberSays, patchSettings, sim, simGateway, startGatewayAndWait, stopGateway, waitFor, type SimGuildInfo } from '../support';
import { answerMessage, clickButton, customIdsOf, insightsOf } from './support';

const MEMBER = { id: '200000000000013001', username: 'wren' };

describe('clicks on a custom bot', () => {
  let guild: SimGuildInfo;
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await sim<SimGuildInfo>('/_sim/guilds', { body: { name: 'Custom Click Guild', channels: [{ name: 'general' }], bots: [CUSTOM_BOT.applicationId] } });
    await addKnowledge(guild.id, { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' });
    await patchSettings(guild.id, { customBot: { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorCustomBotPublicKey'), botToken: CUSTOM_BOT.token } });
    await waitFor(async () => (await simGateway()).sessions.some((s) => s.bot === CUSTOM_BOT.applicationId && s.connected), 'the custom bot gateway', 15_000);
  });
  afterAll(stopGateway);

  it('records a vote clicked on the custom bot’s answer', async () => {
    const channelId = guild.channels[0]!.id;
    const question = await memberSays(guild, `<@${CUSTOM_BOT.userId}> how do refunds work?`, { userId: MEMBER.id, username: MEMBER.username });
    const [reply] = await exactReplies(guild, question);
    expect(reply!.headers.authorization).toBe(`Bot ${CUSTOM_BOT.token}`);
    const answer = await answerMessage(channelId, question.id);
    const input = { channelId, messageId: answer.id, customId: customIdsOf(answer)[0]!, user: MEMBER, applicationId: CUSTOM_BOT.applicationId };

    // Signed with the custom application's key: the shared endpoint cannot verify it.
    expect((await clickButton(guild, input)).status).toBe(401);
    const clicked = await clickButton(guild, input, `/discord/interactions/${CUSTOM_BOT.applicationId}`);
    expect(clicked.json).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/thanks/i) } });
    expect((await insightsOf(guild.id)).feedback).toEqual({ up: 1, down: 0 });
  });
});
