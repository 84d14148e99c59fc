// An escalation Herald detects in a member's words opens a ticket too when tickets are on: the member's
// reply links the new private thread instead of the "I've let the team know" notice.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUMAN_NOTIFIED_TEXT } from '../../../src/guild/escalation';
import { actorSql, guildWithKnowledge, memberSays, onlyReplyContent, patchSettings, sim, startGatewayAndWait, stopGateway, TEST_BOT, waitFor, type SimGuildInfo } from '../support';
import { insightsOf } from './support';

const MEMBER = { userId: '200000000000012901', username: 'vic' };

describe('a ticket from "can I talk to a human?"', () => {
  let guild: SimGuildInfo;
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Ticket Words Guild', ['general', 'tickets']);
    await patchSettings(guild.id, { tickets: { enabled: true, channelId: guild.channels[1]!.id, staffRoleIds: [] } });
  });
  afterAll(stopGateway);

  it('opens the private thread and links it in the reply', async () => {
    const ask = await memberSays(guild, `<@${TEST_BOT.userId}> can I talk to a human please?`, MEMBER);
    const reply = await onlyReplyContent(guild, ask);
    expect(reply).not.toBe(HUMAN_NOTIFIED_TEXT);
    const [ticket] = await waitFor(async () => {
      const rows = await actorSql<{ thread_id: string; user_id: string }>(guild.id, 'SELECT thread_id, user_id FROM tickets');
      return rows.length ? rows : null;
    }, 'the ticket');
    expect(ticket!.user_id).toBe(MEMBER.userId);
    expect(reply).toContain(`<#${ticket!.thread_id}>`);
    const view = await sim<{ thread: { type: number; parent_id: string }; memberIds: string[] }>(`/_sim/threads/${ticket!.thread_id}`);
    expect(view.thread).toMatchObject({ type: 12, parent_id: guild.channels[1]!.id });
    expect(view.memberIds).toContain(MEMBER.userId);
    expect((await insightsOf(guild.id)).escalations).toBe(1);
  });
});
