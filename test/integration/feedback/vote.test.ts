// 👍 / 👎 under an answer (contract §8): the buttons ride on the answer, a click is acknowledged at once with
// an ephemeral thanks, one vote per member per answer (a second click changes it), and insights count them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askBot, exactReplies, guildWithKnowledge, startGatewayAndWait, stopGateway, type SimGuildInfo } from '../support';
import { answerMessage, clickButton, customIdsOf, insightsOf } from './support';

const ERIN = { id: '200000000000012001', username: 'erin' };
const FINN = { id: '200000000000012002', username: 'finn' };

describe('votes on an answer', () => {
  let guild: SimGuildInfo;
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Vote Guild');
  });
  afterAll(stopGateway);

  it('records one vote per member, changed by a second click, and insights show them', async () => {
    const channelId = guild.channels[0]!.id;
    const question = await askBot(guild, 'how do refunds work?');
    const [reply] = await exactReplies(guild, question);
    expect((reply!.body as { content: string }).content).toContain('Refunds are issued');
    const answer = await answerMessage(channelId, question.id);
    const ids = customIdsOf(answer);
    expect(ids).toEqual([`herald:vote:up:${question.id}`, `herald:vote:down:${question.id}`, `herald:human:${question.id}`]);

    const up = await clickButton(guild, { channelId, messageId: answer.id, customId: ids[0]!, user: ERIN });
    expect(up.status).toBe(200);
    expect(up.json?.type).toBe(4);
    expect(up.json?.data?.flags).toBe(64);
    expect(up.json?.data?.content).toMatch(/thanks/i);
    expect(up.ms).toBeLessThan(3_000);
    expect((await insightsOf(guild.id)).feedback).toEqual({ up: 1, down: 0 });

    // Erin changes her mind: still one vote, now 👎.
    await clickButton(guild, { channelId, messageId: answer.id, customId: ids[1]!, user: ERIN });
    expect((await insightsOf(guild.id)).feedback).toEqual({ up: 0, down: 1 });
    // A second click on the same button changes nothing.
    await clickButton(guild, { channelId, messageId: answer.id, customId: ids[1]!, user: ERIN });
    await clickButton(guild, { channelId, messageId: answer.id, customId: ids[0]!, user: FINN });
    const insights = await insightsOf(guild.id);
    expect(insights.feedback).toEqual({ up: 1, down: 1 });
    expect(insights).toMatchObject({ days: 30, questions: 1, answered: 1, unanswered: 0 });
  });
});
