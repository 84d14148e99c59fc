// Warn: with only "warn" enabled, a rule ending "=> warn" makes Herald post a message that pings only the
// offending member and names the rule; the member's message is not deleted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calls,
  channelMessages,
  createGuild,
  drainConversation,
  enableModeration,
  memberSays,
  messageDeletes,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitForModerationEntry,
  type RecordedCall,
  type SimGuildInfo,
} from '../support';

const OFFENDER = { userId: '200000000000003101', username: 'offender-warn' };
const BYSTANDER = { userId: '200000000000003102', username: 'bystander-warn' };
const RULE = 'banned words: free nitro => warn';

interface WarnBody {
  content: string;
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  message_reference?: unknown;
}

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Warn Guild');
  await enableModeration(guild.id, { rules: RULE, actions: { delete: false, warn: true } });
});
afterAll(stopGateway);

describe('warn', () => {
  it('pings only the offender, names the rule, and leaves the message in place', async () => {
    const channelId = guild.channels[0]!.id;
    const path = `/channels/${channelId}/messages`;
    const postsBefore = (await calls({ method: 'POST', path })).length;
    // The message also mentions another member and @everyone: the warning must ping neither.
    const offending = await memberSays(guild, `hey <@${BYSTANDER.userId}> @everyone free nitro for all`, OFFENDER);

    const entry = await waitForModerationEntry(guild.id, offending.id);
    expect(entry).toMatchObject({ action: 'warn', rule: RULE, userId: OFFENDER.userId, outcome: 'done' });

    const warnings = (await calls({ method: 'POST', path }))
      .slice(postsBefore)
      .filter((call: RecordedCall) => call.path === path && (call.body as WarnBody).content.includes(`<@${OFFENDER.userId}>`));
    expect(warnings).toHaveLength(1);
    const body = warnings[0]!.body as WarnBody;
    expect(warnings[0]!.status).toBe(200);
    expect(body.content).toContain(RULE);
    expect(body.content).not.toContain(`<@${BYSTANDER.userId}>`);
    expect(body.allowed_mentions?.parse).toEqual([]);
    expect(body.allowed_mentions?.users).toEqual([OFFENDER.userId]);
    expect(body.allowed_mentions?.roles ?? []).toEqual([]);

    // The simulator resolved the warning's mentions: only the offender.
    const posted = (await channelMessages(channelId)).find((m) => m.author.id === TEST_BOT.userId && m.content === body.content);
    expect(posted?.mentions.map((u) => u.id)).toEqual([OFFENDER.userId]);
    expect(posted?.mention_everyone).toBe(false);

    await drainConversation(guild, OFFENDER, channelId);
    expect(await messageDeletes(channelId, offending.id)).toHaveLength(0);
    expect((await channelMessages(channelId)).some((m) => m.id === offending.id)).toBe(true);
  });
});
