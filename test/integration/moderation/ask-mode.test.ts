// responseMode "ask": Herald answers only /ask, but moderation still runs on every member message.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuild,
  enableModeration,
  memberSays,
  messageDeletes,
  patchSettings,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003701', username: 'member-askmode' };

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Ask Mode Guild');
  expect(await patchSettings(guild.id, { responseMode: 'ask' })).toMatchObject({ responseMode: 'ask' });
  await enableModeration(guild.id, { rules: 'banned words: free nitro' });
});
afterAll(stopGateway);

describe('moderation in ask mode', () => {
  it('deletes a violating message that does not mention the bot', async () => {
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, 'free nitro for everyone', MEMBER);
    expect(await waitForModerationEntry(guild.id, message.id)).toMatchObject({ action: 'delete', userId: MEMBER.userId, outcome: 'done' });
    await waitFor(async () => (await messageDeletes(channelId, message.id)).length === 1, 'the DELETE of the message');
  });

  it('deletes a violating message that mentions the bot', async () => {
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, `<@${TEST_BOT.userId}> free nitro?`, MEMBER);
    expect(await waitForModerationEntry(guild.id, message.id)).toMatchObject({ action: 'delete', outcome: 'done' });
    await waitFor(async () => (await messageDeletes(channelId, message.id)).length === 1, 'the DELETE of the message');
  });
});
