// The admin's "send test" (POST /api/guilds/:id/proactive/send-now, contract §3): one proactive post in the
// configured channel, built from the topics and the knowledge base, counted as one `proactive` message, never
// pinging anyone, and different each time. A channel that does not exist is a 404 naming it, recorded as the
// status's lastError, and the actor carries on.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  api,
  callsTo,
  channelMessages,
  createGuild,
  memberSays,
  patchSettings,
  replyContent,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  usageOf,
  type SimGuildInfo,
} from '../support';

interface SendNowJson {
  posted: boolean;
  channelId: string;
  content: string;
}

interface ProactiveStatusJson {
  enabled: boolean;
  channel: string;
  frequency: string;
  nextAt: string | null;
  lastPostAt: string | null;
  lastError: string | null;
}

async function sendNow(guildId: string): Promise<Response> {
  return api(`/api/guilds/${guildId}/proactive/send-now`, { method: 'POST' });
}

async function proactiveStatus(guildId: string): Promise<ProactiveStatusJson> {
  const response = await api(`/api/guilds/${guildId}/proactive`);
  expect(response.status).toBe(200);
  return response.json<ProactiveStatusJson>();
}

describe('POST /api/guilds/:id/proactive/send-now', () => {
  let guild: SimGuildInfo;
  let general: string;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Proactive Send Now Guild', ['general', 'random']);
    general = guild.channels.find((c) => c.name === 'general')!.id;
    await addKnowledge(guild.id, {
      title: 'Refund policy',
      content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number to ask for a refund.',
    });
    await addKnowledge(guild.id, {
      title: 'Refund delivery',
      content: 'Once approved, refunds reach your card within 5 business days. Vouchers are refunded as account credit.',
    });
    await addKnowledge(guild.id, {
      title: 'Login help',
      content: 'Trouble with login? Reset your password from the sign-in page; the reset link in the email expires after one hour.',
    });
    await patchSettings(guild.id, { proactive: { channel: 'general', topics: 'refunds, login' } });
  });
  afterAll(stopGateway);

  it('posts in #general with safe allowed_mentions, counts it, and never repeats itself', async () => {
    const usageBefore = await usageOf(guild.id);
    const contents: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await sendNow(guild.id);
      expect(response.status).toBe(200);
      const body = await response.json<SendNowJson>();
      expect(body).toEqual({ posted: true, channelId: general, content: expect.any(String) });
      expect(body.content.trim().length).toBeGreaterThan(0);
      expect(body.content.length).toBeLessThanOrEqual(2000);
      contents.push(body.content);
    }
    // Three different posts, grounded in the knowledge base.
    expect(new Set(contents).size).toBe(3);
    expect(contents.join('\n')).toMatch(/refund/i);
    expect(contents.join('\n')).toMatch(/password|login/i);

    // Each is in #general as a plain message (not a reply) that pings nobody.
    const inChannel = (await channelMessages(general)).map((m) => m.content);
    for (const content of contents) expect(inChannel).toContain(content);
    const posts = (await callsTo('POST', `/channels/${general}/messages`)).filter((call) => contents.includes((call.body as { content: string }).content));
    expect(posts).toHaveLength(3);
    for (const post of posts) {
      const body = post.body as { allowed_mentions?: { parse: string[]; roles?: string[] }; message_reference?: unknown };
      expect(post.status).toBeLessThan(300);
      expect(post.headers.authorization).toBe(`Bot ${TEST_BOT.token}`);
      expect(body.allowed_mentions?.parse).toEqual([]);
      expect(body.allowed_mentions?.roles ?? []).toEqual([]);
      expect(body.message_reference).toBeUndefined();
    }

    const usageAfter = await usageOf(guild.id);
    expect(usageAfter.byKind.proactive).toBe(usageBefore.byKind.proactive + 3);
    expect(usageAfter.used).toBe(usageBefore.used + 3);
    const status = await proactiveStatus(guild.id);
    expect(status.lastError).toBeNull();
    expect(status.lastPostAt).not.toBeNull();
  });

  it('answers 404 naming a missing channel, records it as lastError, and keeps working', async () => {
    const usageBefore = await usageOf(guild.id);
    const postsBefore = (await callsTo('POST', `/channels/${general}/messages`)).length;
    await patchSettings(guild.id, { proactive: { channel: 'nope' } });

    const response = await sendNow(guild.id);
    expect(response.status).toBe(404);
    const body = await response.json<{ error: string }>();
    expect(body.error).toContain('nope');
    expect((await proactiveStatus(guild.id)).lastError).toContain('nope');
    // Nothing was posted or counted.
    expect((await usageOf(guild.id)).byKind.proactive).toBe(usageBefore.byKind.proactive);
    expect((await callsTo('POST', `/channels/${general}/messages`)).length).toBe(postsBefore);

    // The actor is fine: it answers a member, and a fixed channel posts again and clears the error.
    await addKnowledge(guild.id, { title: 'Shipping', content: 'Orders ship within 2 business days from our warehouse.' });
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how long until my order ships?`, { channelId: general });
    expect(await replyContent(question.id)).toContain('2 business days');
    // Every refunds and login passage was posted already: a new topic gives something fresh to say.
    await patchSettings(guild.id, { proactive: { channel: '#random', topics: 'refunds, login, shipping' } });
    const fixed = await sendNow(guild.id);
    expect(fixed.status).toBe(200);
    expect(await fixed.json<SendNowJson>()).toMatchObject({ posted: true, channelId: guild.channels.find((c) => c.name === 'random')!.id });
    expect((await proactiveStatus(guild.id)).lastError).toBeNull();
  });
});
