// Retention holds for idle guilds too: the cleanup timer re-arms itself while anything that expires is left,
// so old conversation memory goes away without any new event arriving; with nothing left, it stops.

import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, actorTimers, askBot, guildActorStub, guildWithKnowledge, patchSettings, settledReplies, startGatewayAndWait, stopGateway } from '../support';

const HOUR = 60 * 60_000;

async function fireCleanup(guildId: string): Promise<void> {
  await actorSql(guildId, "UPDATE timers SET due_at = ? WHERE kind = 'cleanup'", Date.now() - 1_000);
  expect(await runDurableObjectAlarm(guildActorStub(guildId))).toBe(true);
}

describe('cleanup of an idle guild', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('keeps pruning without new events, then stops when nothing is left', async () => {
    const guild = await guildWithKnowledge('Idle Retention Guild');
    // With a cap set, each answer is recorded for an hour (without one nothing is): state that expires later.
    await patchSettings(guild.id, { memberAnswersPerHour: 100 });
    const question = await askBot(guild, 'how do refunds work?');
    await settledReplies(question.id);
    expect((await actorTimers(guild.id)).some((timer) => timer.kind === 'cleanup')).toBe(true);

    // Turns past their 24 h; the channel buffer (60 min) still fresh.
    // (One exchange row holds both turns and the answer record: past 24 h it stays a record, without its texts.)
    await actorSql(guild.id, 'UPDATE exchanges SET at = ?', Date.now() - 25 * HOUR);
    await fireCleanup(guild.id);
    expect(await actorSql(guild.id, 'SELECT id FROM exchanges WHERE memory = 1 OR question IS NOT NULL OR reply IS NOT NULL')).toHaveLength(0);
    const rearmed = (await actorTimers(guild.id)).find((timer) => timer.kind === 'cleanup');
    expect(rearmed?.due_at).toBeGreaterThan(Date.now());

    // No event since: the buffer (and the per-member answer count, kept an hour) expire too and are removed by
    // the re-armed timer.
    await actorSql(guild.id, 'UPDATE channel_buffer SET at = ?', Date.now() - 2 * HOUR);
    await actorSql(guild.id, 'UPDATE member_answers SET at = ?', Date.now() - 2 * HOUR);
    // The question is kept for insights for 90 days.
    expect(await actorSql(guild.id, 'SELECT answer_id FROM exchanges WHERE answer_id IS NOT NULL')).toHaveLength(1);
    await actorSql(guild.id, 'UPDATE exchanges SET at = ?', Date.now() - 91 * 24 * HOUR);
    await fireCleanup(guild.id);
    expect(await actorSql(guild.id, 'SELECT id FROM channel_buffer')).toHaveLength(0);
    expect(await actorSql(guild.id, 'SELECT id FROM exchanges')).toHaveLength(0);
    expect((await actorTimers(guild.id)).some((timer) => timer.kind === 'cleanup')).toBe(false);
  });
});
