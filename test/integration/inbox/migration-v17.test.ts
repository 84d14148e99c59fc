// Guild schema version 17 folds the inbox into seen_events: an event pending in the old inbox table is carried
// forward (payload, arrival number) and still answered once after the upgrade; the old table is gone.

import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import type { APIMessage } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { MessageCreateEvent } from '../../../src/guild/events';
import { GUILD_MIGRATIONS } from '../../../src/guild/schema';
import { migrate } from '../../../src/storage/migrate';
import { actorSql, askBot, guildActorStub, guildWithKnowledge, settledReplies, TEST_BOT } from '../support';

const BOT = { appKey: 'shared', applicationId: TEST_BOT.applicationId, botUserId: TEST_BOT.userId };

function messageCreateEvent(guildId: string, message: APIMessage): MessageCreateEvent {
  return {
    kind: 'message_create',
    eventId: `message_create:shared:${message.id}`,
    bot: BOT,
    message: { ...message, guild_id: guildId, mentions: message.mentions ?? [] } as unknown as MessageCreateEvent['message'],
  };
}

describe('guild schema version 17', () => {
  // The gateway stays off: only the deliveries below reach the actor.
  it('carries a pending inbox event into seen_events, and it is answered once', async () => {
    const guild = await guildWithKnowledge('Inbox Migration Guild');
    const pending = messageCreateEvent(guild.id, await askBot(guild, 'how do refunds work?'));
    const latest = Math.max(...GUILD_MIGRATIONS.map((m) => m.version));
    await runInDurableObject(guildActorStub(guild.id), (_instance, state) => {
      const sql = state.storage.sql;
      // The guild as it was at version 16: dedupe ids in seen_events, pending events in their own inbox table.
      sql.exec('DROP TABLE seen_events');
      sql.exec('CREATE TABLE seen_events (event_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID');
      sql.exec(`CREATE TABLE inbox (event_id TEXT PRIMARY KEY, payload TEXT NOT NULL, received_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        order_key TEXT NOT NULL DEFAULT '', member_id TEXT, mode TEXT NOT NULL DEFAULT 'full', not_before INTEGER NOT NULL DEFAULT 0)`);
      sql.exec("INSERT INTO seen_events (event_id, seen_at) VALUES ('handled-long-ago', 1), (?, ?)", pending.eventId, Date.now());
      sql.exec(
        "INSERT INTO inbox (event_id, payload, received_at, order_key, member_id, mode) VALUES (?, ?, ?, ?, ?, 'full')",
        pending.eventId,
        JSON.stringify(pending),
        Date.now(),
        `conversation:${pending.message.channel_id}:${pending.message.author.id}`,
        pending.message.author.id,
      );
      sql.exec('UPDATE schema_version SET version = 16');
      expect(migrate(state.storage, GUILD_MIGRATIONS.filter((m) => m.version <= 17))).toBe(17);
      // Later versions are not this test's (their tables already exist here).
      sql.exec('UPDATE schema_version SET version = ?', latest);
    });
    expect(await actorSql(guild.id, "SELECT name FROM sqlite_master WHERE name = 'inbox'")).toEqual([]);
    expect(await actorSql(guild.id, 'SELECT event_id, seq FROM seen_events WHERE payload IS NOT NULL')).toEqual([{ event_id: pending.eventId, seq: 1 }]);

    // A new instance reads its pending events; the next delivery starts them.
    await evictDurableObject(guildActorStub(guild.id));
    const next = messageCreateEvent(guild.id, await askBot(guild, 'when are invoices sent?'));
    expect(await guildActorStub(guild.id).receiveGatewayEvent(next)).toEqual({ duplicate: false });
    expect(await settledReplies(pending.message.id)).toHaveLength(1);
    expect(await settledReplies(next.message.id)).toHaveLength(1);
    await expect.poll(async () => actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE payload IS NOT NULL')).toEqual([]);
    expect(await actorSql(guild.id, 'SELECT seq FROM seen_events WHERE event_id = ?', next.eventId)).toEqual([{ seq: 2 }]);
  });
});
