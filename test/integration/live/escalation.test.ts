// A member asks for a human (contract §5 `escalation`): in mention mode, mentioning the bot with "can I talk
// to a human please?" gets the member a reply saying the team was told, agents get {type:'escalation'}, and
// the owner is notified at most once an hour per conversation: one JSON POST to ESCALATION_WEBHOOK_URL and one
// e-mail to escalationEmail through the send_email binding (both received by the test collector), and no
// second notification for a second request within the hour.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUMAN_NOTIFIED_TEXT } from '../../../src/guild/escalation';
import {
  actorSql,
  collected,
  connectAgent,
  conversationIdFor,
  guildWithKnowledge,
  memberSays,
  mintGuildToken,
  patchSettings,
  onlyReplyContent,
  exactReplies,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type CollectedJson,
  type LiveAgent,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003501', username: 'nina' };
const OWNER_EMAIL = 'owner@example.com';

interface WebhookBody {
  type: string;
  guildId: string;
  conversationId: string;
  channelId: string;
  userId: string;
  content: string;
  reason: string;
  at: string;
}

interface EmailBody {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** Webhook POSTs and e-mails the collector received about this guild. */
async function ownerNotices(guildId: string): Promise<{ webhooks: CollectedJson[]; emails: CollectedJson[] }> {
  const webhooks = (await collected('/webhook')).filter((r) => (r.body as WebhookBody).guildId === guildId);
  const emails = (await collected('/email')).filter((r) => (r.body as EmailBody).text.includes(guildId));
  return { webhooks, emails };
}

async function waitForNotices(guildId: string, count: number): Promise<{ webhooks: CollectedJson[]; emails: CollectedJson[] }> {
  return waitFor(async () => {
    const notices = await ownerNotices(guildId);
    return notices.webhooks.length >= count && notices.emails.length >= count ? notices : null;
  }, `${count} webhook(s) and e-mail(s) to the owner`);
}

describe('a member asks for a human', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Live Escalation Guild');
    await patchSettings(guild.id, { plan: 'standard', escalationEmail: OWNER_EMAIL });
  });
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('tells the member, alerts the agents, and notifies the owner once per hour', async () => {
    const channelId = guild.channels[0]!.id;
    const conversationId = conversationIdFor(channelId, MEMBER.userId);
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'olga' });

    const ask = await memberSays(guild, `<@${TEST_BOT.userId}> can I talk to a human please?`, MEMBER);
    const [reply] = await exactReplies(guild, ask);
    const body = reply!.body as { content: string; allowed_mentions: { parse: string[] }; message_reference: { message_id: string } };
    expect(body.content).toBe(HUMAN_NOTIFIED_TEXT);
    expect(body.message_reference.message_id).toBe(ask.id);
    expect(body.allowed_mentions.parse).toEqual([]);
    const escalation = await agent.waitForEvent((e) => e.type === 'escalation', 'the escalation');
    expect(escalation).toEqual({ type: 'escalation', conversationId, reason: expect.any(String) });
    expect(escalation.reason!.length).toBeGreaterThan(0);
    // The agents also see the exchange itself.
    await agent.waitForEvent((e) => e.type === 'message' && e.author === 'user' && e.content === ask.content, 'the request');
    await agent.waitForEvent((e) => e.type === 'message' && e.author === 'bot' && e.content === HUMAN_NOTIFIED_TEXT, 'the notice');

    const rows = await actorSql<{ conversation_id: string; notified_at: number }>(guild.id, 'SELECT conversation_id, notified_at FROM escalations');
    expect(rows).toEqual([{ conversation_id: conversationId, notified_at: expect.any(Number) }]);
    const notifiedAt = rows[0]!.notified_at;

    // The owner was notified: one JSON POST to the webhook and one e-mail, both describing this request.
    const first = await waitForNotices(guild.id, 1);
    expect(first.webhooks).toHaveLength(1);
    expect(first.webhooks[0]!.headers['content-type']).toBe('application/json');
    expect(first.webhooks[0]!.body).toEqual({
      type: 'escalation',
      guildId: guild.id,
      conversationId,
      channelId,
      userId: MEMBER.userId,
      content: 'can I talk to a human please?',
      reason: escalation.reason,
      at: expect.any(String),
    });
    expect(Number.isNaN(Date.parse((first.webhooks[0]!.body as WebhookBody).at))).toBe(false);
    expect(first.emails).toHaveLength(1);
    const email = first.emails[0]!.body as EmailBody;
    expect(email).toMatchObject({ from: 'herald@escalations.test', to: OWNER_EMAIL });
    expect(email.subject.length).toBeGreaterThan(0);
    expect(email.text).toContain(MEMBER.userId);
    expect(email.text).toContain('can I talk to a human please?');

    // A second request within the hour: the member is told again, the agents see it, the owner is not re-notified.
    const again = await memberSays(guild, `<@${TEST_BOT.userId}> I need a human please, is anyone there?`, MEMBER);
    expect(await onlyReplyContent(guild, again)).toBe(HUMAN_NOTIFIED_TEXT);
    await agent.waitForEvent((e) => e.type === 'escalation' && agent!.matching((x) => x.type === 'escalation').length === 2, 'the second escalation');
    expect(await actorSql(guild.id, 'SELECT conversation_id, notified_at FROM escalations')).toEqual([{ conversation_id: conversationId, notified_at: notifiedAt }]);
    // The reply was posted after the notices were sent (same handler), so nothing more can still be on its way.
    const afterSecond = await ownerNotices(guild.id);
    expect([afterSecond.webhooks.length, afterSecond.emails.length]).toEqual([1, 1]);

    // An ordinary question in the same conversation is still answered by the AI.
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    expect(await onlyReplyContent(guild, question)).toContain('Refunds are issued within 14 days');
    expect(agent.matching((e) => e.type === 'escalation')).toHaveLength(2);

    // Once the hour has passed (notified_at moved back 61 minutes), the next request notifies again.
    const hourAgo = Date.now() - 61 * 60_000;
    await actorSql(guild.id, 'UPDATE escalations SET notified_at = ?', hourAgo);
    const later = await memberSays(guild, `<@${TEST_BOT.userId}> can I talk to a human please?`, MEMBER);
    expect(await onlyReplyContent(guild, later)).toBe(HUMAN_NOTIFIED_TEXT);
    const [row] = await actorSql<{ notified_at: number }>(guild.id, 'SELECT notified_at FROM escalations WHERE conversation_id = ?', conversationId);
    expect(row!.notified_at).toBeGreaterThan(hourAgo + 60 * 60_000);
    const third = await waitForNotices(guild.id, 2);
    expect([third.webhooks.length, third.emails.length]).toEqual([2, 2]);
    expect((third.webhooks[1]!.body as WebhookBody).conversationId).toBe(conversationId);
  });
});
