// GET /api/guilds/:id/insights (contract §3): questions asked, answered and unanswered ("nothing relevant"),
// escalations, and the most frequent unanswered questions, grouped by their normalised wording; `days`
// validated (1..90); admin only (an agent token gets 403); one guild never sees another's numbers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, api, createGuild, exactReplies, guildWithKnowledge, memberSays, mintGuildToken, startGatewayAndWait, stopGateway, TEST_BOT, type SimGuildInfo } from '../support';
import { insightsOf } from './support';

const ASKER = { userId: '200000000000012201', username: 'hale' };

describe('insights', () => {
  let guild: SimGuildInfo;
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Insights Guild');
  });
  afterAll(stopGateway);

  it('counts questions, answers, unanswered questions (normalised) and escalations', async () => {
    const asked = [
      'how do refunds work?',
      'How do I reset my password?',
      'how do i reset my password',
      'RESET my password!!',
      'what is the airspeed velocity of a swallow?',
    ];
    // Each from another member, so no question is read as a follow-up of the one before.
    for (const [index, question] of asked.entries()) {
      const message = await memberSays(guild, `<@${TEST_BOT.userId}> ${question}`, { userId: `20000000000001230${index}`, username: `asker${index}` });
      await exactReplies(guild, message);
    }
    const human = await memberSays(guild, `<@${TEST_BOT.userId}> can I talk to a human please?`, ASKER);
    await exactReplies(guild, human);

    const insights = await insightsOf(guild.id);
    expect(insights).toMatchObject({ days: 30, questions: 5, answered: 1, unanswered: 4, feedback: { up: 0, down: 0 }, escalations: 1 });
    expect(insights.topUnanswered).toEqual([
      { question: 'RESET my password!!', count: 3, lastAskedAt: expect.any(String) },
      { question: 'what is the airspeed velocity of a swallow?', count: 1, lastAskedAt: expect.any(String) },
    ]);

    // Older questions fall out of a shorter window.
    await actorSql(guild.id, 'UPDATE exchanges SET at = ? WHERE asked LIKE ?', Date.now() - 10 * 24 * 60 * 60_000, '%swallow%');
    const week = await insightsOf(guild.id, '?days=7');
    expect(week).toMatchObject({ days: 7, questions: 4, unanswered: 3 });
    expect(week.topUnanswered.map((q) => q.count)).toEqual([3]);

    // Another guild sees none of it.
    const other = await createGuild('Insights Other Guild');
    expect(await insightsOf(other.id)).toMatchObject({ questions: 0, escalations: 0, topUnanswered: [] });
  });

  it('validates days and refuses agents', async () => {
    for (const days of ['0', '91', 'abc', '1.5']) {
      const response = await api(`/api/guilds/${guild.id}/insights?days=${days}`);
      expect(response.status).toBe(400);
      expect((await response.json<{ error: string }>()).error).toMatch(/^days:/);
    }
    const agent = await api(`/api/guilds/${guild.id}/insights`, { token: await mintGuildToken(guild.id, 'agent') });
    expect(agent.status).toBe(403);
    await agent.body?.cancel();
    const admin = await api(`/api/guilds/${guild.id}/insights?days=90`, { token: await mintGuildToken(guild.id, 'admin') });
    expect(admin.status).toBe(200);
    await admin.body?.cancel();
    expect((await api(`/api/guilds/${guild.id}/insights`, { token: null })).status).toBe(401);
  });
});
