// An edit is moderated like a new message: a clean message edited into a banned phrase is deleted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuild, enableModeration, memberSays, messageDeletes, sim, startGatewayAndWait, stopGateway, usageOf, waitFor, waitForModerationEntry, type SimGuildInfo } from '../support';

const MEMBER = { userId: '200000000000003701', username: 'editor' };

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Edit Guild');
  await enableModeration(guild.id, { rules: 'banned words: free nitro' });
});
afterAll(stopGateway);

describe('an edited message', () => {
  it('is checked again and deleted when the edit breaks a rule', async () => {
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, 'hello everyone, nice server', MEMBER);
    // The clean original is checked (and counted) once and left alone.
    await waitFor(async () => (await usageOf(guild.id)).byKind.moderation >= 1, 'the first check');
    expect(await messageDeletes(channelId, message.id)).toEqual([]);

    await sim(`/_sim/channels/${channelId}/messages/${message.id}`, { method: 'PATCH', body: { content: 'get free nitro here' } });
    await waitFor(async () => (await messageDeletes(channelId, message.id)).length > 0, 'the deletion of the edited message');
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'delete', content: 'get free nitro here', outcome: 'done' });
    expect((await usageOf(guild.id)).byKind.moderation).toBe(2);
  });
});
