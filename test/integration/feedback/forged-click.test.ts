// A click is only a claim: a forged button (a custom_id naming an answer this guild does not have), a click
// in another guild naming this guild's answer, and a click whose message or channel is not the answer's are
// refused with an ephemeral message and record nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askBot, exactReplies, guildWithKnowledge, startGatewayAndWait, stopGateway, type SimGuildInfo } from '../support';
import { answerMessage, clickButton, customIdsOf, forgedClick, insightsOf } from './support';

const MEMBER = { id: '200000000000012101', username: 'gale' };

describe('forged and foreign clicks', () => {
  let home: SimGuildInfo;
  let other: SimGuildInfo;
  beforeAll(async () => {
    await startGatewayAndWait();
    home = await guildWithKnowledge('Forged Click Home', ['general', 'random']);
    other = await guildWithKnowledge('Forged Click Other');
  });
  afterAll(stopGateway);

  it('refuses every click that does not match an answer of this guild, and records no vote', async () => {
    const channelId = home.channels[0]!.id;
    const question = await askBot(home, 'how do refunds work?');
    await exactReplies(home, question);
    const answer = await answerMessage(channelId, question.id);
    const [upId] = customIdsOf(answer);
    const otherChannelId = other.channels[0]!.id;
    const otherQuestion = await askBot(other, 'how do refunds work?');
    await exactReplies(other, otherQuestion);
    const otherAnswer = await answerMessage(otherChannelId, otherQuestion.id);
    const click = { channelId, messageId: answer.id, customId: upId!, user: MEMBER };

    const refusals = [
      // A custom_id naming an answer nobody got.
      await forgedClick(home, click, (i) => ((i.data as { custom_id: string }).custom_id = 'herald:vote:up:123456789012345678')),
      // In the other guild, a button naming home's answer: the other guild has no such answer.
      await forgedClick(other, { ...click, channelId: otherChannelId, messageId: otherAnswer.id, customId: customIdsOf(otherAnswer)[0]! }, (i) => {
        (i.data as { custom_id: string }).custom_id = upId!;
      }),
      // Home's real custom_id, but on another message (the member's question).
      await forgedClick(home, click, (i) => ((i.message as { id: string }).id = question.id)),
      // Home's real answer, clicked from another channel.
      await forgedClick(home, click, (i) => {
        (i.channel as { id: string }).id = home.channels[1]!.id;
        i.channel_id = home.channels[1]!.id;
      }),
      // Junk arguments.
      await forgedClick(home, click, (i) => ((i.data as { custom_id: string }).custom_id = `herald:vote:sideways:${question.id}`)),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(200);
      expect(refused.json?.type).toBe(4);
      expect(refused.json?.data?.flags).toBe(64);
      expect(refused.json?.data?.content).toMatch(/doesn't (belong|work)/);
    }
    expect((await insightsOf(home.id)).feedback).toEqual({ up: 0, down: 0 });
    expect((await insightsOf(other.id)).feedback).toEqual({ up: 0, down: 0 });

    // The real click still works.
    const real = await clickButton(home, click);
    expect(real.json?.data?.content).toMatch(/thanks/i);
    expect((await insightsOf(home.id)).feedback).toEqual({ up: 1, down: 0 });
  });
});
