// A malformed event already waiting in a shard's outbox (queued before dispatches were validated) is refused by
// its guild actor when the outbox alarm retries it, and dropped from the outbox instead of retried forever.

import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { shardStub } from '../../../src/gateway/control';
import { actorSql, createGuild, TEST_BOT } from '../support';

const APP = 'outbox-malformed-test';

describe('a malformed event in the outbox', () => {
  it('is dropped after its guild actor refuses it', async () => {
    const guild = await createGuild('Outbox Malformed Guild');
    const shard = shardStub(env, APP, 0);
    const event = {
      kind: 'message_create',
      eventId: `message_create:${APP}:990000000000000201`,
      bot: { appKey: APP, applicationId: TEST_BOT.applicationId, botUserId: TEST_BOT.userId },
      message: { id: '990000000000000201', channel_id: guild.channels[0]!.id, guild_id: guild.id, content: 'no author', mentions: [], mention_roles: [] },
    };
    await runInDurableObject(shard, (_instance, state) => {
      state.storage.sql.exec(
        'INSERT INTO outbox (event_id, guild_id, payload, queued_at, attempts) VALUES (?, ?, ?, ?, 1)',
        event.eventId,
        guild.id,
        JSON.stringify(event),
        Date.now() - 60_000,
      );
      state.storage.sql.exec("INSERT INTO timers (kind, key, due_at) VALUES ('outbox', '', ?)", Date.now() - 1);
    });
    // The timer row is due; the alarm itself is set ahead so that only runDurableObjectAlarm fires it.
    await runInDurableObject(shard, (_instance, state) => state.storage.setAlarm(Date.now() + 60_000));

    expect(await runDurableObjectAlarm(shard)).toBe(true);
    const left = await runInDurableObject(shard, (_instance, state) => state.storage.sql.exec('SELECT event_id FROM outbox').toArray());
    expect(left).toEqual([]);
    // Refused, not taken: never stored, so it cannot hold up the guild's later events.
    expect(await actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE payload IS NOT NULL')).toEqual([]);
    expect(await actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE event_id = ?', event.eventId)).toEqual([]);
    // Nothing to retry: a second alarm run finds no outbox work.
    expect(await runDurableObjectAlarm(shard)).toBe(false);
  });
});
