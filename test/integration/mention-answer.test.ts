// The walking skeleton's path: simulator gateway → GatewayShard → GuildActor → REST → simulator.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createGuild, exactReplies, expectNothingPostedAfter, handledByGuild, memberSays, startGatewayAndWait, stopGateway, TEST_BOT } from './support';

describe('a member mentions Herald', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('answers from the knowledge base, replying to the message with safe allowed_mentions', async () => {
    const guild = await createGuild('Mention Answer Guild');
    const added = await api(`/api/guilds/${guild.id}/knowledge`, {
      body: { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' },
    });
    expect(added.status).toBe(201);

    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`);
    const [reply] = await exactReplies(guild, question);

    const body = reply!.body as {
      content: string;
      message_reference: { message_id: string; channel_id: string };
      allowed_mentions: { parse: string[]; replied_user?: boolean };
    };
    expect(reply!.headers.authorization).toBe(`Bot ${TEST_BOT.token}`);
    expect(body.content).toContain('Refunds are issued within 14 days');
    expect(body.content).toContain('Refund policy');
    expect(body.message_reference.message_id).toBe(question.id);
    expect(body.message_reference.channel_id).toBe(question.channel_id);
    expect(body.allowed_mentions.parse).toEqual([]);
  });

  it('says plainly when the knowledge base has nothing relevant', async () => {
    const guild = await createGuild('No Match Guild');
    await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Shipping', content: 'We ship worldwide within 5 business days.' } });
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> what is the airspeed velocity of a swallow?`);
    const [reply] = await exactReplies(guild, question);
    expect((reply!.body as { content: string }).content).toMatch(/knowledge base/i);
    expect((reply!.body as { content: string }).content).not.toContain('We ship worldwide');
  });

  it('ignores messages that do not mention the bot in mention mode', async () => {
    const guild = await createGuild('Quiet Guild');
    await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Hours', content: 'Support hours are 9 to 5.' } });
    const ignored = await memberSays(guild, 'what are the support hours?');
    await handledByGuild(guild, [ignored]);
    await expectNothingPostedAfter(guild, ignored);
  });
});
