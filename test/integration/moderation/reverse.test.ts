// Reversing moderation: a timeout is lifted (PATCH member with communication_disabled_until null) and a ban
// is lifted (DELETE /guilds/:g/bans/:u); the entry becomes "reversed". A delete cannot be undone (409), an
// entry cannot be reversed twice (409), and an unknown id is 404.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callsTo,
  createGuild,
  enableModeration,
  memberSays,
  moderationLog,
  reverseModerationEntry,
  sim,
  simGuildBans,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type ModerationLogEntryJson,
  type SimGuildInfo,
  type TimedCall,
} from '../support';

const TIMED = { userId: '200000000000003901', username: 'timed-reverse' };
const BANNED = { userId: '200000000000003902', username: 'banned-reverse' };
const DELETED = { userId: '200000000000003903', username: 'deleted-reverse' };
const RULES = ['banned words: hushword => timeout', 'banned words: banword => ban', 'banned words: free nitro'].join('\n');
const TIMEOUT_MINUTES = 10;

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Reverse Guild');
  await enableModeration(guild.id, { rules: RULES, actions: { delete: true, timeout: true, ban: true }, timeoutMinutes: TIMEOUT_MINUTES });
});
afterAll(stopGateway);

async function waitForCalls(method: string, path: string, count: number): Promise<TimedCall[]> {
  return waitFor(async () => {
    const found = await callsTo(method, path);
    return found.length >= count ? found : null;
  }, `${count} × ${method} ${path}`);
}

async function memberTimeout(userId: string): Promise<string | null> {
  const snapshot = await sim<{ members: { user: { id: string }; communication_disabled_until: string | null }[] }>(`/_sim/guilds/${guild.id}`);
  return snapshot.members.find((m) => m.user.id === userId)?.communication_disabled_until ?? null;
}

describe('reversing moderation', () => {
  it('lifts a timeout, marks the entry reversed, and refuses a second reversal', async () => {
    const memberPath = `/guilds/${guild.id}/members/${TIMED.userId}`;
    const before = Date.now();
    const message = await memberSays(guild, 'hushword hushword', TIMED);
    const [timeout] = await waitForCalls('PATCH', memberPath, 1);
    const until = (timeout!.body as { communication_disabled_until: string }).communication_disabled_until;
    expect(typeof until).toBe('string');
    expect(Date.parse(until) - before).toBeGreaterThan((TIMEOUT_MINUTES * 60 - 30) * 1000);
    expect(Date.parse(until) - Date.now()).toBeLessThanOrEqual(TIMEOUT_MINUTES * 60 * 1000 + 1000);
    expect(decodeURIComponent(timeout!.headers['x-audit-log-reason'] ?? '')).toContain('hushword');
    expect(await memberTimeout(TIMED.userId)).not.toBeNull();

    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'timeout', outcome: 'done', userId: TIMED.userId });

    const reversed = await reverseModerationEntry(guild.id, entry.id);
    expect(reversed.status).toBe(200);
    expect(await reversed.json<ModerationLogEntryJson>()).toMatchObject({ id: entry.id, action: 'timeout', outcome: 'reversed' });
    const patches = await callsTo('PATCH', memberPath);
    expect(patches).toHaveLength(2);
    expect(patches[1]!.body).toEqual({ communication_disabled_until: null });
    expect(patches[1]!.status).toBe(200);
    expect(await memberTimeout(TIMED.userId)).toBeNull();
    expect((await moderationLog(guild.id)).find((e) => e.id === entry.id)?.outcome).toBe('reversed');

    const again = await reverseModerationEntry(guild.id, entry.id);
    expect(again.status).toBe(409);
    expect((await again.json<{ error: string }>()).error).toBeTruthy();
    expect(await callsTo('PATCH', memberPath)).toHaveLength(2);
  });

  it('lifts a ban', async () => {
    const message = await memberSays(guild, 'banword!', BANNED);
    await waitForCalls('PUT', `/guilds/${guild.id}/bans/${BANNED.userId}`, 1);
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'ban', outcome: 'done' });
    expect(await simGuildBans(guild.id)).toContain(BANNED.userId);

    const reversed = await reverseModerationEntry(guild.id, entry.id);
    expect(reversed.status).toBe(200);
    expect(await reversed.json<ModerationLogEntryJson>()).toMatchObject({ id: entry.id, action: 'ban', outcome: 'reversed' });
    const unbans = await callsTo('DELETE', `/guilds/${guild.id}/bans/${BANNED.userId}`);
    expect(unbans.map((call) => call.status)).toEqual([204]);
    expect(await simGuildBans(guild.id)).not.toContain(BANNED.userId);
    expect((await moderationLog(guild.id)).find((e) => e.id === entry.id)?.outcome).toBe('reversed');
  });

  it('refuses to reverse a delete (409) and an unknown id (404)', async () => {
    const message = await memberSays(guild, 'free nitro', DELETED);
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'delete', outcome: 'done' });

    const refused = await reverseModerationEntry(guild.id, entry.id);
    expect(refused.status).toBe(409);
    expect((await refused.json<{ error: string }>()).error).toBeTruthy();
    expect((await moderationLog(guild.id)).find((e) => e.id === entry.id)?.outcome).toBe('done');

    const unknown = await reverseModerationEntry(guild.id, '987654');
    expect(unknown.status).toBe(404);
    expect((await unknown.json<{ error: string }>()).error).toBeTruthy();
  });
});
