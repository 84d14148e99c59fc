// Lifting a ban that Discord refuses (403 on DELETE /guilds/:g/bans/:u): the reversal answers 502 with a JSON
// error saying Discord refused, the 4xx is not retried, the member stays banned and the entry stays "done"
// (so it can be reversed later, once Discord allows it).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callsTo,
  clearFaults,
  createGuild,
  enableModeration,
  memberSays,
  moderationLog,
  restFault,
  reverseModerationEntry,
  simGuildBans,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type ModerationLogEntryJson,
  type SimGuildInfo,
} from '../support';

const BANNED = { userId: '200000000000004901', username: 'banned-refused' };

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Unban Refused Guild');
  await enableModeration(guild.id, { rules: 'banned words: banword => ban', actions: { ban: true } });
});
afterAll(async () => {
  await clearFaults();
  await stopGateway();
});

describe('an unban Discord refuses', () => {
  it('answers 502, keeps the ban and the entry, and can be reversed once Discord allows it', async () => {
    const unbanPath = `/guilds/${guild.id}/bans/${BANNED.userId}`;
    const message = await memberSays(guild, 'banword!', BANNED);
    await waitFor(async () => (await callsTo('PUT', unbanPath)).length === 1, 'the ban');
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'ban', outcome: 'done' });

    await restFault({ method: 'DELETE', path: unbanPath, status: 403, count: 1 });
    const refused = await reverseModerationEntry(guild.id, entry.id);
    expect(refused.status).toBe(502);
    expect((await refused.json<{ error: string }>()).error).toMatch(/Discord refused/);
    expect((await callsTo('DELETE', unbanPath)).map((call) => call.status)).toEqual([403]);
    expect(await simGuildBans(guild.id)).toContain(BANNED.userId);
    expect((await moderationLog(guild.id)).find((e) => e.id === entry.id)?.outcome).toBe('done');

    // The refusal changed nothing for good: once Discord accepts, the same entry is reversed.
    const reversed = await reverseModerationEntry(guild.id, entry.id);
    expect(reversed.status).toBe(200);
    expect(await reversed.json<ModerationLogEntryJson>()).toMatchObject({ id: entry.id, outcome: 'reversed' });
    expect((await callsTo('DELETE', unbanPath)).map((call) => call.status)).toEqual([403, 204]);
    expect(await simGuildBans(guild.id)).not.toContain(BANNED.userId);
  });
});
