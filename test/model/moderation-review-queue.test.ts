// The review queue (moderation.review): a kick the model decides is not taken at once; a card with the member,
// message, rule, quoted words and proposed action is posted to the review channel with Approve / Dismiss.
// Only a member with Kick Members may decide; Approve is answered at once (the card shows who decided) and the
// kick follows; Dismiss takes nothing. The log records who decided.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callsTo,
  createGuild,
  enableModeration,
  memberSays,
  moderationLog,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../integration/support';
import { addMember, channelMessages, clickButton, messageWithButton, PERMISSION } from '../integration/moderation/cards';
import { resetModel, steerModel } from './support';

const APPROVED_OFFENDER = { userId: '200000000000014201', username: 'offender-review-a' };
const DISMISSED_OFFENDER = { userId: '200000000000014202', username: 'offender-review-d' };
const STAFF = { id: '200000000000014203', username: 'staff-kicker' };
const BYSTANDER = { id: '200000000000014204', username: 'bystander-review' };
const BAD = 'you are such a slurword, honestly';

let guild: SimGuildInfo;
let reviewChannelId: string;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Model Review Queue Guild', ['general', 'mod-review']);
  reviewChannelId = guild.channels[1]!.id;
  await addMember(guild.id, { ...STAFF, permissions: PERMISSION.KICK_MEMBERS });
  await addMember(guild.id, { ...BYSTANDER, permissions: PERMISSION.MANAGE_MESSAGES });
  await enableModeration(guild.id, {
    rules: '- No slurs',
    actions: { delete: false, warn: false, timeout: false, kick: true, ban: false },
    review: { enabled: true, channelId: reviewChannelId, from: 'kick' },
  });
  await steerModel((request) =>
    request.structured && request.system.includes('<rules>') && request.user.includes('slurword')
      ? { json: { action: 'kick', reason: 'Slur against another member.', confidence: 0.95, rule: 'No slurs', ruleQuote: 'No slurs', messageQuote: 'slurword' } }
      : null,
  );
});
afterAll(async () => {
  await resetModel();
  await stopGateway();
});

async function pendingCard(offender: { userId: string; username: string }) {
  const message = await memberSays(guild, BAD, offender);
  const entry = await waitForModerationEntry(guild.id, message.id, 15_000);
  expect(entry).toMatchObject({ action: 'kick', outcome: 'pending-review', source: 'ai', quote: 'slurword', decidedBy: null });
  const approveId = `herald:review:approve:${entry.id}`;
  const card = await waitFor(() => messageWithButton(reviewChannelId, approveId), 'the review card');
  return { message, entry, card, approveId, dismissId: `herald:review:dismiss:${entry.id}` };
}

describe('the review queue', () => {
  it('posts a card instead of kicking; only Kick Members may approve; approve kicks and records who', async () => {
    const { entry, card, approveId } = await pendingCard(APPROVED_OFFENDER);
    const kickPath = `/guilds/${guild.id}/members/${APPROVED_OFFENDER.userId}`;
    const fields = Object.fromEntries((card.embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({ 'Proposed action': 'kick', 'Quoted words': 'slurword', Message: BAD });
    expect(fields.Member).toContain(`<@${APPROVED_OFFENDER.userId}>`);
    expect(fields.Rule).toContain('No slurs');
    expect(await callsTo('DELETE', kickPath)).toHaveLength(0);

    const refused = await clickButton({ guildId: guild.id, channelId: reviewChannelId, user: BYSTANDER, messageId: card.id, customId: approveId });
    expect(refused.json.type).toBe(4);
    expect(refused.json.data?.content).toContain('Kick Members');
    expect((await moderationLog(guild.id)).find((e) => e.id === entry.id)?.outcome).toBe('pending-review');

    const approved = await clickButton({ guildId: guild.id, channelId: reviewChannelId, user: STAFF, messageId: card.id, customId: approveId });
    expect(approved.json.type).toBe(7);
    expect(approved.json.data?.components).toEqual([]);
    const kicks = await waitFor(async () => {
      const found = await callsTo('DELETE', kickPath);
      return found.length ? found : null;
    }, 'the kick after approval');
    expect(kicks).toHaveLength(1);
    const done = await waitFor(async () => {
      const found = (await moderationLog(guild.id)).find((e) => e.id === entry.id);
      return found?.outcome === 'done' ? found : null;
    }, 'the entry to be done');
    expect((done as { decidedBy?: string | null }).decidedBy).toBe(STAFF.id);
    const updated = (await channelMessages(reviewChannelId)).find((m) => m.id === card.id);
    expect(updated?.content).toContain(`Approved by <@${STAFF.id}>`);
    expect(updated?.components).toEqual([]);
  });

  it('dismiss takes nothing and records who dismissed', async () => {
    const { entry, card, dismissId } = await pendingCard(DISMISSED_OFFENDER);
    const dismissed = await clickButton({ guildId: guild.id, channelId: reviewChannelId, user: STAFF, messageId: card.id, customId: dismissId });
    expect(dismissed.json.type).toBe(7);
    const after = (await moderationLog(guild.id)).find((e) => e.id === entry.id);
    expect(after).toMatchObject({ outcome: 'dismissed', decidedBy: STAFF.id });
    expect(await callsTo('DELETE', `/guilds/${guild.id}/members/${DISMISSED_OFFENDER.userId}`)).toHaveLength(0);
    expect((await channelMessages(reviewChannelId)).find((m) => m.id === card.id)?.content).toContain(`Dismissed by <@${STAFF.id}>`);
  });
});
