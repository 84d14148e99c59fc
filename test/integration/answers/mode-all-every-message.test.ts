// responseMode "all" with smartMode off: every non-empty member message is answered (a knowledge miss gets
// the plain no-answer text), and the bot never answers its own messages (no reply loops).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  channelMessages,
  createGuild,
  handledByGuild,
  memberSays,
  NO_ANSWER_TEXT_FOR_TESTS,
  patchSettings,
  repliesTo,
  replyContent,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  type SimGuildInfo,
} from '../support';

describe('responseMode all + smartMode off', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('All Every Message Guild');
    await patchSettings(guild.id, { responseMode: 'all', smartMode: false });
    await addKnowledge(guild.id, {
      title: 'Refund policy',
      content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.',
    });
  });
  afterAll(stopGateway);

  it('answers casual chat with the plain no-answer text', async () => {
    for (const text of ['lol', 'gm', 'thanks!']) {
      const message = await memberSays(guild, text);
      expect(await replyContent(message.id), `reply to "${text}"`).toBe(NO_ANSWER_TEXT_FOR_TESTS);
    }
  });

  it('answers a question without a mention from the knowledge base', async () => {
    const message = await memberSays(guild, 'how do refunds work?');
    const answer = await replyContent(message.id);
    expect(answer).toContain('Refunds are issued within 14 days');
    expect(answer).toContain('Source: Refund policy');
  });

  it("never answers the bot's own messages", async () => {
    const channelId = guild.channels[0]!.id;
    const first = await memberSays(guild, 'what are the opening hours?');
    await replyContent(first.id);
    const botMessage = (await channelMessages(channelId)).find(
      (message) => message.author.id === TEST_BOT.userId && message.message_reference?.message_id === first.id,
    );
    expect(botMessage, "the bot's reply in the channel").toBeDefined();

    // A later member message is answered: by then the bot's own MESSAGE_CREATE was handled (arrival order; the
    // shard does not even route the bot's own messages to the guild actor).
    const marker = await memberSays(guild, 'is there a phone number?');
    await replyContent(marker.id);
    await handledByGuild(guild, [marker]);
    expect(await repliesTo(botMessage!.id)).toEqual([]);

    // No loop: exactly one bot message per member message in this channel.
    const messages = await channelMessages(channelId);
    const fromBot = messages.filter((message) => message.author.id === TEST_BOT.userId);
    const fromMembers = messages.filter((message) => message.author.id !== TEST_BOT.userId);
    expect(fromBot.length).toBe(fromMembers.length);
    expect(fromBot.every((message) => fromMembers.some((member) => member.id === message.message_reference?.message_id))).toBe(true);
  });
});
