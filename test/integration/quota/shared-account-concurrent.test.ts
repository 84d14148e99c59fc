// Two guilds sharing an accountId share one monthly quota (contract §4). Many questions at once across both,
// far past the limit: exactly `limit` are answered and counted, none past it, and both guilds' usage routes
// report the same exact total.

import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedRepliesTo,
  askBot,
  botMessagesAfter,
  expectNothingPostedAfter,
  guildWithKnowledge,
  handledByGuild,
  memberSays,
  patchSettings,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  usageOf,
  type SimGuildInfo,
} from '../support';

const LIMIT = 5;
const ACCOUNT = 'account-shared-concurrent';
/** Members per channel; each member's messages are one conversation, so these run in parallel. */
const MEMBERS = ['200000000000005101', '200000000000005102', '200000000000005103', '200000000000005104'];

let first: SimGuildInfo;
let second: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  first = await guildWithKnowledge('Quota Shared First Guild', ['general', 'help']);
  second = await guildWithKnowledge('Quota Shared Second Guild', ['general', 'help']);
  for (const guild of [first, second]) await patchSettings(guild.id, { accountId: ACCOUNT, monthlyLimit: LIMIT });
});
afterAll(stopGateway);

/** Every member asks in every channel of the guild, all at once. */
function burst(guild: SimGuildInfo): Promise<APIMessage>[] {
  return guild.channels.flatMap((channel) =>
    MEMBERS.map((userId, i) =>
      memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work? (${i})`, { channelId: channel.id, userId, username: `quota-member-${i}` }),
    ),
  );
}

describe('a quota shared by two guilds, spent concurrently', () => {
  it('answers exactly the limit, counts exactly the limit, and nothing past it', async () => {
    const [firstMessages, secondMessages] = await Promise.all([Promise.all(burst(first)), Promise.all(burst(second))]);
    expect(firstMessages.length + secondMessages.length).toBeGreaterThan(2 * LIMIT);
    await Promise.all([handledByGuild(first, firstMessages), handledByGuild(second, secondMessages)]);

    // Exactly LIMIT answers reached Discord, in both guilds together, each message at most once.
    const replies = await Promise.all([...firstMessages, ...secondMessages].map((message) => acceptedRepliesTo(message.id)));
    expect(replies.every((found) => found.length <= 1)).toBe(true);
    expect(replies.reduce((sum, found) => sum + found.length, 0)).toBe(LIMIT);
    // And no other bot post (unreferenced or not) in any of the channels.
    const earliest = [...firstMessages, ...secondMessages].reduce((min, m) => (BigInt(m.id) < BigInt(min.id) ? m : min));
    let posted = 0;
    for (const guild of [first, second]) for (const channel of guild.channels) posted += (await botMessagesAfter(channel.id, earliest.id)).length;
    expect(posted).toBe(LIMIT);

    const [firstUsage, secondUsage] = await Promise.all([usageOf(first.id), usageOf(second.id)]);
    for (const usage of [firstUsage, secondUsage]) {
      expect(usage).toMatchObject({ used: LIMIT, limit: LIMIT, exhausted: true, byKind: { answer: LIMIT, moderation: 0, proactive: 0 } });
    }
    const shares = [firstUsage, secondUsage].map((usage) => usage.guild.answer);
    expect(shares[0]! + shares[1]!).toBe(LIMIT);

    // Spent: a later question in either guild is not answered and not counted.
    const late = await askBot(second, 'how do refunds work?');
    await handledByGuild(second, [late]);
    await expectNothingPostedAfter(second, late);
    expect((await usageOf(first.id)).used).toBe(LIMIT);
  });
});
