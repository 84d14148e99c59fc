// /ask follow-ups carry the feedback buttons too; "Talk to a human" without tickets is the existing
// escalation (agents get an `escalation` frame, the member is told at once); `feedback: false` posts no buttons.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUMAN_NOTIFIED_TEXT } from '../../../src/guild/escalation';
import {
  askBot,
  channelMessages,
  connectAgent,
  conversationIdFor,
  deliverInteraction,
  exactReplies,
  guildWithKnowledge,
  mintGuildToken,
  patchSettings,
  signInteraction,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  waitForFollowUp,
  type LiveAgent,
  type SimGuildInfo,
} from '../support';
import { clickButton, customIdsOf, insightsOf } from './support';

const ASKER = { id: '200000000000012401', username: 'ines' };

describe('buttons on /ask answers, and "Talk to a human" without tickets', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Ask Buttons Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('puts the buttons on the follow-up; "Talk to a human" escalates at once', async () => {
    const channelId = guild.channels[0]!.id;
    const signed = await signInteraction({ guild, user: ASKER, question: 'how do refunds work?' });
    expect((await deliverInteraction(signed)).json).toEqual({ type: 5 });
    const followUp = await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token);
    const rows = (followUp.body as { components?: { components: { custom_id: string }[] }[] }).components ?? [];
    expect(rows.flatMap((r) => r.components.map((c) => c.custom_id))).toEqual([
      `herald:vote:up:${signed.interaction.id}`,
      `herald:vote:down:${signed.interaction.id}`,
      `herald:human:${signed.interaction.id}`,
    ]);
    // The follow-up replaced the deferred message: that message now carries the buttons.
    const answer = await waitFor(async () => (await channelMessages(channelId)).find((m) => customIdsOf(m).includes(`herald:human:${signed.interaction.id}`)), 'the /ask answer');

    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'olga' });
    const human = await clickButton(guild, { channelId, messageId: answer.id, customId: `herald:human:${signed.interaction.id}`, user: ASKER });
    expect(human.json).toMatchObject({ type: 4, data: { content: HUMAN_NOTIFIED_TEXT, flags: 64 } });
    expect(human.ms).toBeLessThan(3_000);
    const escalation = await agent.waitForEvent((e) => e.type === 'escalation', 'the escalation');
    expect(escalation.conversationId).toBe(conversationIdFor(channelId, ASKER.id));
    expect((await insightsOf(guild.id)).escalations).toBe(1);
  });

  it('posts no buttons with feedback off', async () => {
    await patchSettings(guild.id, { feedback: false });
    const question = await askBot(guild, 'how do refunds work?');
    const [reply] = await exactReplies(guild, question);
    expect((reply!.body as { components?: unknown }).components).toBeUndefined();
    // The question is still recorded for insights.
    expect((await insightsOf(guild.id)).questions).toBe(2);
  });
});
