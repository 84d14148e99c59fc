// settings.channels restricts where Herald answers: a question in another channel is ignored.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  askBot,
  createGuild,
  expectNothingPostedAfter,
  handledByGuild,
  memberSays,
  patchSettings,
  replyContent,
  startGatewayAndWait,
  stopGateway,
  type SimGuildInfo,
} from '../support';

describe('channels restriction', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Channels Restriction Guild', ['support', 'off-topic']);
    await addKnowledge(guild.id, {
      title: 'Refund policy',
      content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.',
    });
  });
  afterAll(stopGateway);

  it('ignores questions outside the enabled channels and answers inside them', async () => {
    const [channelA, channelB] = guild.channels;
    const settings = await patchSettings(guild.id, { channels: [channelA!.id] });
    expect(settings.channels).toEqual([channelA!.id]);

    const ignored = await askBot(guild, 'how do refunds work?', { channelId: channelB!.id });
    const answered = await askBot(guild, 'how do refunds work?', { channelId: channelA!.id });
    expect(await replyContent(answered.id)).toContain('Refunds are issued within 14 days');

    await handledByGuild(guild, [ignored]);
    await expectNothingPostedAfter(guild, ignored);
  });

  it('also ignores them in responseMode all (no mention)', async () => {
    const [channelA, channelB] = guild.channels;
    await patchSettings(guild.id, { responseMode: 'all', smartMode: false, channels: [channelA!.id] });
    const ignored = await memberSays(guild, 'how do refunds work?', { channelId: channelB!.id });
    const answered = await memberSays(guild, 'how do refunds work?', { channelId: channelA!.id });
    expect(await replyContent(answered.id)).toContain('Refunds are issued within 14 days');
    await handledByGuild(guild, [ignored]);
    await expectNothingPostedAfter(guild, ignored);
  });
});
