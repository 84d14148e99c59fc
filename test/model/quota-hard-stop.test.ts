// The quota is a hard stop: once this month's messages are spent, no model call happens at all: no smart-mode
// classifier, no "wants a human" model check, no moderation judge, no proactive composition. A member who
// plainly asks for a person is still escalated (the offline phrase check needs no model).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUMAN_NOTIFIED_TEXT } from '../../src/guild/escalation';
import {
  addKnowledge,
  api,
  createGuild,
  memberSays,
  patchSettings,
  replyContent,
  repliesTo,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  usageOf,
  type SimGuildInfo,
} from '../integration/support';
import { requestMark, requestsSince } from './support';

const MEMBER = { userId: '200000000000009601', username: 'spender' };

describe('a spent quota stops every model call', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Quota Hard Stop Guild');
    await addKnowledge(guild.id, { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' });
    // One message a month: the first answer spends it.
    await patchSettings(guild.id, { responseMode: 'all', smartMode: true, monthlyLimit: 1 });
  });
  afterAll(stopGateway);

  it('spends the quota with one answer', async () => {
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    expect(await replyContent(question.id)).toContain('Refund');
    expect(await usageOf(guild.id)).toMatchObject({ used: 1, limit: 1, exhausted: true });
    // From now on every message would also go to the model's moderation judge (a rule only a model can judge).
    await patchSettings(guild.id, { moderation: { enabled: true, rules: 'Be kind to each other.' } });
  });

  it('then asks the model nothing, and still escalates a plain request for a person', async () => {
    const mark = await requestMark();
    // Smart mode would classify this; "someone from the team" would go to the model's wants-a-human check.
    const unanswered = [
      await memberSays(guild, 'what is the refund window for annual plans?', MEMBER),
      await memberSays(guild, 'can someone from the team look at my order?', MEMBER),
      await memberSays(guild, `<@${TEST_BOT.userId}> how long do refunds take?`, MEMBER),
    ];
    // Same member and channel: handled in order, so once this is answered the messages above are done.
    const marker = await memberSays(guild, 'I want to talk to a human', MEMBER);
    expect(await replyContent(marker.id)).toBe(HUMAN_NOTIFIED_TEXT);
    for (const message of unanswered) expect(await repliesTo(message.id)).toEqual([]);

    const sendNow = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
    expect(sendNow.status).toBe(429);

    expect(await requestsSince(mark)).toEqual([]);
    expect(await usageOf(guild.id)).toMatchObject({ used: 1, byKind: { answer: 1, moderation: 0, proactive: 0 } });
  });
});
