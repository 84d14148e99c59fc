// Timers fire on time whatever the traffic: the alarm runs its due timers and returns while the inbox is
// still handling an event (it used to wait for the inbox to go idle, which steady traffic never allows).

import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedRepliesTo,
  actorSql,
  askBot,
  callsTo,
  clearFaults,
  guildActorStub,
  guildWithKnowledge,
  restFault,
  startGatewayAndWait,
  stopGateway,
  waitFor,
} from '../support';

describe('alarm while the inbox is busy', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('runs a due timer and returns while an event is still being handled', async () => {
    const guild = await guildWithKnowledge('Busy Inbox Alarm Guild');
    const path = `/channels/${guild.channels[0]!.id}/messages`;
    // Three 5xx on the reply: the client backs off ~3.5 s in all, so the event stays in flight that long.
    await restFault({ method: 'POST', path, status: 500, count: 3 });
    const question = await askBot(guild, 'how do refunds work?');
    await waitFor(async () => (await callsTo('POST', path)).some((call) => call.status === 500), 'the first 500 on the reply', 15_000);

    // A cleanup timer falls due now, with a turn older than retention waiting for it.
    const old = Date.now() - 25 * 60 * 60_000;
    await actorSql(
      guild.id,
      "INSERT INTO exchanges (conversation_id, at, id, channel_id, user_id, question) VALUES ('old:1', ?, 't:old', 'old', '1', 'old turn')",
      old,
    );
    await actorSql(guild.id, "UPDATE timers SET due_at = ? WHERE kind = 'cleanup'", Date.now() - 1_000);

    expect(await runDurableObjectAlarm(guildActorStub(guild.id))).toBe(true);
    // The alarm returned with the event still in the inbox, and the cleanup ran.
    expect(await actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE payload IS NOT NULL')).toHaveLength(1);
    expect(await acceptedRepliesTo(question.id)).toHaveLength(0);
    expect(await actorSql(guild.id, "SELECT id FROM exchanges WHERE conversation_id = 'old:1'")).toHaveLength(0);

    await waitFor(async () => (await acceptedRepliesTo(question.id)).length > 0, 'the reply after the 5xx', 15_000);
    expect(await acceptedRepliesTo(question.id)).toHaveLength(1);
  });
});
