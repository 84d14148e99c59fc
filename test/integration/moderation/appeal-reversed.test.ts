// Appeals: a timeout notice carries an "Appeal" button only the timed-out member may use; the appeal lands in
// the review channel as a card with "Reverse", and a member of staff with Timeout Members reverses it there
// (the timeout is lifted, the entry is "reversed" with who decided). Without a review channel an appeal
// lands in the log (appealedAt), where the reverse route undoes it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callsTo,
  createGuild,
  enableModeration,
  memberSays,
  moderationLog,
  patchSettings,
  reverseModerationEntry,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type ModerationLogEntryJson,
  type SimGuildInfo,
} from '../support';
import { addMember, clickButton, messageWithButton, PERMISSION } from './cards';

type Entry = ModerationLogEntryJson & { decidedBy?: string | null; appealedAt?: string | null };

const TIMED = { userId: '200000000000014301', username: 'appealing-member' };
const WARNED = { userId: '200000000000014302', username: 'warned-member' };
const OTHER = { id: '200000000000014303', username: 'other-member' };
const STAFF = { id: '200000000000014304', username: 'staff-moderator' };

let guild: SimGuildInfo;
let generalId: string;
let reviewChannelId: string;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Appeal Guild', ['general', 'mod-review']);
  [generalId, reviewChannelId] = [guild.channels[0]!.id, guild.channels[1]!.id];
  await addMember(guild.id, { ...STAFF, permissions: PERMISSION.MODERATE_MEMBERS });
  await enableModeration(guild.id, {
    rules: 'banned words: hushword => timeout\nbanned words: grumble => warn',
    actions: { delete: false, warn: true, timeout: true },
    review: { enabled: false, channelId: reviewChannelId, from: 'kick' },
  });
});
afterAll(stopGateway);

async function entryOf(id: string): Promise<Entry | undefined> {
  return (await moderationLog(guild.id)).find((e) => e.id === id) as Entry | undefined;
}

describe('appeals', () => {
  it('the timed-out member appeals from the notice; staff reverse it from the appeal card', async () => {
    const message = await memberSays(guild, 'hushword!', TIMED);
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'timeout', outcome: 'done' });
    const appealId = `herald:appeal:${entry.id}`;
    const notice = await waitFor(() => messageWithButton(generalId, appealId), 'the timeout notice with an Appeal button');
    expect(notice.content).toContain(`<@${TIMED.userId}>`);

    const stranger = await clickButton({ guildId: guild.id, channelId: generalId, user: OTHER, messageId: notice.id, customId: appealId });
    expect(stranger.json.data?.content).toContain('Only the member');
    expect((await entryOf(entry.id))?.appealedAt).toBeNull();

    const appealed = await clickButton({ guildId: guild.id, channelId: generalId, user: { id: TIMED.userId, username: TIMED.username }, messageId: notice.id, customId: appealId });
    expect(appealed.json).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((await entryOf(entry.id))?.appealedAt).toMatch(/^\d{4}-/);
    const again = await clickButton({ guildId: guild.id, channelId: generalId, user: { id: TIMED.userId, username: TIMED.username }, messageId: notice.id, customId: appealId });
    expect(again.json.data?.content).toContain('already appealed');

    const reverseId = `herald:review:reverse:${entry.id}`;
    const card = await waitFor(() => messageWithButton(reviewChannelId, reverseId), 'the appeal card');
    expect(card.content).toContain('Appeal');
    const reversed = await clickButton({ guildId: guild.id, channelId: reviewChannelId, user: STAFF, messageId: card.id, customId: reverseId });
    expect(reversed.json.type).toBe(7);

    const memberPath = `/guilds/${guild.id}/members/${TIMED.userId}`;
    await waitFor(async () => (await callsTo('PATCH', memberPath)).some((c) => (c.body as { communication_disabled_until?: unknown }).communication_disabled_until === null), 'the timeout to be lifted');
    const after = await waitFor(async () => {
      const found = await entryOf(entry.id);
      return found?.outcome === 'reversed' ? found : null;
    }, 'the entry to be reversed');
    expect(after.decidedBy).toBe(STAFF.id);
  });

  it('without a review channel a warning appeal lands in the log, and the reverse route undoes it', async () => {
    await patchSettings(guild.id, { moderation: { review: { enabled: false, channelId: null, from: 'kick' } } });
    const message = await memberSays(guild, 'grumble grumble', WARNED);
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'warn', outcome: 'done' });
    const appealId = `herald:appeal:${entry.id}`;
    const warning = await waitFor(() => messageWithButton(generalId, appealId), 'the warning with an Appeal button');
    const appealed = await clickButton({ guildId: guild.id, channelId: generalId, user: { id: WARNED.userId, username: WARNED.username }, messageId: warning.id, customId: appealId });
    expect(appealed.json.data?.content).toContain('moderation log');
    expect((await entryOf(entry.id))?.appealedAt).toMatch(/^\d{4}-/);

    const reversed = await reverseModerationEntry(guild.id, entry.id);
    expect(reversed.status).toBe(200);
    expect((await entryOf(entry.id))?.outcome).toBe('reversed');
  });
});
