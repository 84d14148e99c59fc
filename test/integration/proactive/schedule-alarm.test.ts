// Scheduled proactive posts run on the GuildActor's one alarm (one alarm, many timers): enabling proactive
// posts creates a 'proactive' timer row one interval ahead, changing the frequency moves it, disabling removes
// it; when the row is due the alarm posts once and re-arms for the next interval, leaving other timers (an
// agent's takeover timer) alone.

import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorAlarm,
  actorSql,
  actorTimers,
  addKnowledge,
  api,
  channelMessages,
  connectAgent,
  conversationIdFor,
  createGuild,
  guildActorStub,
  mintGuildToken,
  patchSettings,
  usageOf,
  type LiveAgent,
  type SimGuildInfo,
  type TimerRowJson,
} from '../support';

const HOUR = 60 * 60_000;
/** Slack for "≈ now + interval": the actor's clock and the test's are the same, read a few requests apart. */
const SLACK = 10_000;

async function proactiveTimers(guildId: string): Promise<TimerRowJson[]> {
  return (await actorTimers(guildId)).filter((t) => t.kind === 'proactive');
}

/** PATCHes settings and returns the proactive timer rows, with the time window the PATCH happened in. */
async function patchAndRead(guildId: string, patch: unknown): Promise<{ rows: TimerRowJson[]; before: number; after: number }> {
  const before = Date.now();
  await patchSettings(guildId, patch);
  const after = Date.now();
  return { rows: await proactiveTimers(guildId), before, after };
}

describe('the proactive timer', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;

  beforeAll(async () => {
    guild = await createGuild('Proactive Schedule Guild');
    await addKnowledge(guild.id, { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' });
    await addKnowledge(guild.id, { title: 'Login help', content: 'Reset your password from the sign-in page; the reset link expires after one hour.' });
  });
  afterAll(() => agent?.close());

  it('is created on enable, moved on a frequency change, and removed on disable', async () => {
    expect(await proactiveTimers(guild.id)).toEqual([]);

    const enabled = await patchAndRead(guild.id, { proactive: { enabled: true, frequency: '2h', channel: 'general', topics: 'refunds, login' } });
    expect(enabled.rows).toHaveLength(1);
    expect(enabled.rows[0]!.key).toBe('');
    expect(enabled.rows[0]!.due_at).toBeGreaterThanOrEqual(enabled.before + 2 * HOUR - SLACK);
    expect(enabled.rows[0]!.due_at).toBeLessThanOrEqual(enabled.after + 2 * HOUR + SLACK);
    const status = await (await api(`/api/guilds/${guild.id}/proactive`)).json<{ enabled: boolean; nextAt: string | null }>();
    expect(status).toMatchObject({ enabled: true, nextAt: new Date(enabled.rows[0]!.due_at).toISOString() });

    // A PATCH that does not touch the frequency keeps the schedule.
    const unchanged = await patchAndRead(guild.id, { proactive: { topics: 'refunds, login, passwords' } });
    expect(unchanged.rows).toEqual(enabled.rows);

    const daily = await patchAndRead(guild.id, { proactive: { frequency: 'daily' } });
    expect(daily.rows).toHaveLength(1);
    expect(daily.rows[0]!.due_at).toBeGreaterThanOrEqual(daily.before + 24 * HOUR - SLACK);
    expect(daily.rows[0]!.due_at).toBeLessThanOrEqual(daily.after + 24 * HOUR + SLACK);

    const disabled = await patchAndRead(guild.id, { proactive: { enabled: false } });
    expect(disabled.rows).toEqual([]);
    expect((await (await api(`/api/guilds/${guild.id}/proactive`)).json<{ nextAt: string | null }>()).nextAt).toBeNull();
  });

  it('posts once when due and re-arms for the next interval, leaving a takeover timer untouched', async () => {
    const general = guild.channels[0]!.id;
    // Another timer on the same alarm: an agent holds a conversation (takeover timer, due in 180 s).
    await patchSettings(guild.id, { plan: 'standard' });
    const conversationId = conversationIdFor(general, '200000000000003601');
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'peggy' });
    agent.send({ type: 'takeover', conversationId });
    await agent.waitForEvent((e) => e.type === 'takeover', 'the takeover');

    // Everything this case needs is set here, not left over from the case above.
    const enabled = await patchAndRead(guild.id, { proactive: { enabled: true, frequency: '2h', channel: 'general', topics: 'refunds, login' } });
    expect(enabled.rows).toHaveLength(1);
    const takeoverBefore = (await actorTimers(guild.id)).filter((t) => t.kind === 'takeover');
    expect(takeoverBefore).toEqual([{ kind: 'takeover', key: conversationId, due_at: expect.any(Number) }]);
    // The alarm is armed for the earliest timer: the takeover one, well before the proactive post.
    expect(await actorAlarm(guild.id)).toBe(Math.min(...(await actorTimers(guild.id)).map((t) => t.due_at)));

    const postsBefore = (await channelMessages(general)).length;
    const usageBefore = await usageOf(guild.id);

    // The proactive row falls due.
    await actorSql(guild.id, "UPDATE timers SET due_at = ? WHERE kind = 'proactive'", Date.now() - 1_000);
    const before = Date.now();
    expect(await runDurableObjectAlarm(guildActorStub(guild.id))).toBe(true);
    const after = Date.now();

    // Exactly one post, counted once.
    const messages = await channelMessages(general);
    expect(messages.length).toBe(postsBefore + 1);
    expect(messages.at(-1)!.content).toMatch(/refund|password|login/i);
    expect((await usageOf(guild.id)).byKind.proactive).toBe(usageBefore.byKind.proactive + 1);

    // Re-armed one interval after the post.
    const next = await proactiveTimers(guild.id);
    expect(next).toHaveLength(1);
    expect(next[0]!.due_at).toBeGreaterThanOrEqual(before + 2 * HOUR - SLACK);
    expect(next[0]!.due_at).toBeLessThanOrEqual(after + 2 * HOUR + SLACK);
    const status = await (await api(`/api/guilds/${guild.id}/proactive`)).json<{ lastPostAt: string | null; lastError: string | null }>();
    expect(status.lastPostAt).not.toBeNull();
    expect(status.lastError).toBeNull();

    // The takeover timer and its hold are untouched; the alarm is still armed for the earliest timer.
    expect((await actorTimers(guild.id)).filter((t) => t.kind === 'takeover')).toEqual(takeoverBefore);
    expect(await actorSql(guild.id, 'SELECT conversation_id FROM takeovers')).toEqual([{ conversation_id: conversationId }]);
    expect(agent.matching((e) => e.type === 'released')).toEqual([]);
    expect(await actorAlarm(guild.id)).toBe(Math.min(...(await actorTimers(guild.id)).map((t) => t.due_at)));

    // Running the alarm again with nothing due posts nothing more.
    await runDurableObjectAlarm(guildActorStub(guild.id));
    expect((await channelMessages(general)).length).toBe(postsBefore + 1);
    expect((await usageOf(guild.id)).byKind.proactive).toBe(usageBefore.byKind.proactive + 1);
  });
});
