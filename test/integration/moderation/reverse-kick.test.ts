// A kick cannot be undone (Discord has no "un-kick"): reversing it answers 409 with a JSON error, calls
// nothing on Discord, and leaves the entry "done".

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calls,
  callsTo,
  createGuild,
  enableModeration,
  memberSays,
  moderationLog,
  reverseModerationEntry,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

const KICKED = { userId: '200000000000004801', username: 'kicked-reverse' };

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Reverse Kick Guild');
  await enableModeration(guild.id, { rules: 'banned words: kickword => kick', actions: { kick: true } });
});
afterAll(stopGateway);

describe('reversing a kick', () => {
  it('is refused with 409 and touches nothing on Discord', async () => {
    const message = await memberSays(guild, 'kickword!', KICKED);
    await waitFor(async () => (await callsTo('DELETE', `/guilds/${guild.id}/members/${KICKED.userId}`)).length === 1, 'the kick');
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'kick', outcome: 'done' });
    const guildCalls = () => calls({ path: `/guilds/${guild.id}/` });
    const callsBefore = (await guildCalls()).length;

    const refused = await reverseModerationEntry(guild.id, entry.id);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/json');
    expect((await refused.json<{ error: string }>()).error).toMatch(/kick/);
    expect((await moderationLog(guild.id)).find((e) => e.id === entry.id)?.outcome).toBe('done');
    expect(await guildCalls()).toHaveLength(callsBefore);
  });
});
