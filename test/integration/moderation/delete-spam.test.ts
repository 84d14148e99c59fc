// A banned phrase with delete enabled: the message is deleted with an audit-log reason, it is not answered
// even though it mentions the bot, and the moderation log records the decision.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuild,
  enableModeration,
  expectNothingPostedAfter,
  handledByGuild,
  memberSays,
  messageDeletes,
  moderationLog,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

const SPAMMER = { userId: '200000000000003001', username: 'spammer-delete' };
const RULE = 'banned words: free nitro';

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Delete Guild');
  expect(await enableModeration(guild.id, { rules: RULE })).toMatchObject({ enabled: true, rules: RULE, actions: { delete: true } });
});
afterAll(stopGateway);

describe('delete: a banned phrase', () => {
  it('deletes the message with an audit-log reason, does not answer it, and logs it', async () => {
    const channelId = guild.channels[0]!.id;
    const content = `<@${TEST_BOT.userId}> get FREE NITRO here, how do refunds work?`;
    const before = Date.now();
    const spam = await memberSays(guild, content, SPAMMER);

    const [deletion] = await waitFor(async () => {
      const found = await messageDeletes(channelId, spam.id);
      return found.length ? found : null;
    }, 'the DELETE of the spam message');
    expect(deletion!.status).toBe(204);
    const reason = decodeURIComponent(deletion!.headers['x-audit-log-reason'] ?? '');
    expect(reason).toContain('Herald');
    expect(reason).toContain(RULE);

    const entry = await waitForModerationEntry(guild.id, spam.id);
    expect(entry).toMatchObject({
      action: 'delete',
      rule: RULE,
      userId: SPAMMER.userId,
      channelId,
      messageId: spam.id,
      content,
      outcome: 'done',
    });
    expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(new Date(entry.at).toISOString()).toBe(entry.at);
    expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(entry.reason.length).toBeGreaterThan(0);

    // Every bot message in the channel after the spam, once its handling and any retry are done: none.
    await handledByGuild(guild, [spam]);
    await expectNothingPostedAfter(guild, spam);
    expect(await messageDeletes(channelId, spam.id)).toHaveLength(1);
    expect((await moderationLog(guild.id)).filter((e) => e.messageId === spam.id)).toHaveLength(1);
  });
});
