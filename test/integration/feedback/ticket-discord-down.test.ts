// Discord failing (5xx) while a ticket is opened: the member's deferred click still gets an answer, and no
// ticket is left open, so a later click tries again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, callsTo, clearFaults, exactReplies, guildWithKnowledge, memberSays, patchSettings, restFault, startGatewayAndWait, stopGateway, TEST_BOT, waitFor, type SimGuildInfo } from '../support';
import { answerMessage, clickButton } from './support';

const MEMBER = { id: '200000000000013201', username: 'zoe' };

describe('a ticket while Discord fails', () => {
  let guild: SimGuildInfo;
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Ticket Discord Down Guild', ['general', 'tickets']);
    await patchSettings(guild.id, { tickets: { enabled: true, channelId: guild.channels[1]!.id, staffRoleIds: [] } });
  });
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('answers the click with a try-again message', async () => {
    const channelId = guild.channels[0]!.id;
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { userId: MEMBER.id, username: MEMBER.username });
    await exactReplies(guild, question);
    const answer = await answerMessage(channelId, question.id);
    await restFault({ method: 'POST', path: `/channels/${guild.channels[1]!.id}/threads`, status: 500, count: 20 });
    const click = await clickButton(guild, { channelId, messageId: answer.id, customId: `herald:human:${question.id}`, user: MEMBER });
    expect(click.json).toEqual({ type: 5, data: { flags: 64 } });
    const path = `/webhooks/${TEST_BOT.applicationId}/${click.signed.interaction.token}/messages/@original`;
    const edit = await waitFor(async () => (await callsTo('PATCH', path))[0], 'the edited response', 20_000);
    expect((edit.body as { content: string }).content).toMatch(/couldn't open a ticket just now/);
    expect(await actorSql(guild.id, 'SELECT thread_id FROM tickets')).toEqual([]);
  });
});
