// Discord refuses the action (403 Missing Permissions on the message DELETE): the moderation log records
// Discord's answer as the outcome, the refused call is not retried, and the actor carries on: the next
// violation (another channel) is handled and a normal question is answered.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearFaults,
  createGuild,
  enableModeration,
  memberSays,
  messageDeletes,
  restFault,
  settledReplies,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003601', username: 'member-403' };
const OTHER = { userId: '200000000000003602', username: 'asker-403' };

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation 403 Guild', ['locked', 'open']);
  await enableModeration(guild.id, { rules: 'banned words: free nitro' });
});
afterAll(async () => {
  await clearFaults();
  await stopGateway();
});

describe('Discord answers 403 to the moderation action', () => {
  it('logs the refusal as the outcome and keeps going', async () => {
    const locked = guild.channels[0]!.id;
    const open = guild.channels[1]!.id;
    await restFault({ method: 'DELETE', path: `/channels/${locked}/messages/`, status: 403, count: 1 });

    const refused = await memberSays(guild, 'free nitro in here', { ...MEMBER, channelId: locked });
    const refusedEntry = await waitForModerationEntry(guild.id, refused.id);
    expect(refusedEntry.action).toBe('delete');
    expect(refusedEntry.outcome).toContain('403');
    expect(refusedEntry.outcome).toContain('Missing Permissions');
    expect(refusedEntry.outcome).not.toBe('done');

    // The next violation, in another channel, is acted on.
    const next = await memberSays(guild, 'more free nitro over here', { ...MEMBER, channelId: open });
    expect(await waitForModerationEntry(guild.id, next.id)).toMatchObject({ action: 'delete', outcome: 'done' });
    expect((await messageDeletes(open, next.id)).map((call) => call.status)).toEqual([204]);

    // And a normal question is answered.
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { ...OTHER, channelId: locked });
    expect(await settledReplies(question.id)).toHaveLength(1);

    // A 403 is never retried.
    expect((await messageDeletes(locked, refused.id)).map((call) => call.status)).toEqual([403]);
  });
});
