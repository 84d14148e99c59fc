// Guild schema version 20: a guild that shares no quota counts in its own actor. A guild that existed before
// counted in its UsageLedger (`guild:<id>`): its counts so far are copied into its own book once, so this month's
// usage and the limit carry on where they were; a new guild has nothing to copy and never creates a ledger.

import { env, listDurableObjectIds, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { GUILD_MIGRATIONS, LEDGER_COPY_KEY } from '../../../src/guild/schema';
import { migrate } from '../../../src/storage/migrate';
import { api, guildActorStub } from '../support';

const OLD_GUILD = '900000000000002001';
const NEW_GUILD = '900000000000002002';

describe('guild schema version 20 (the quota counted in the guild itself)', () => {
  it("copies an existing guild's counts from its UsageLedger once", async () => {
    const ledger = env.USAGE_LEDGER.get(env.USAGE_LEDGER.idFromName(`guild:${OLD_GUILD}`));
    expect(await ledger.consume(OLD_GUILD, 'answer', 1_000, 'm-1')).toMatchObject({ allowed: true, used: 1 });
    expect(await ledger.consume(OLD_GUILD, 'moderation', 1_000, 'm-1')).toMatchObject({ allowed: true, used: 2 });

    const pending = await runInDurableObject(guildActorStub(OLD_GUILD), (_instance, state) => {
      const sql = state.storage.sql;
      // The guild as it was at version 19: no ledger table, and some history.
      sql.exec('DROP TABLE ledger');
      sql.exec("DELETE FROM kv WHERE key = ?", LEDGER_COPY_KEY);
      sql.exec("INSERT INTO seen_events (event_id, seen_at) VALUES ('message_create:shared:1', ?)", Date.now());
      sql.exec('UPDATE schema_version SET version = 19');
      expect(migrate(state.storage, GUILD_MIGRATIONS)).toBe(20);
      return sql.exec('SELECT value FROM kv WHERE key = ?', LEDGER_COPY_KEY).toArray().length;
    });
    expect(pending).toBe(1);

    // The instance has not counted yet, so its first look at the quota finds the copy key, as after a deploy.
    const first = (await (await api(`/api/guilds/${OLD_GUILD}/usage`)).json()) as { used: number; byKind: Record<string, number> };
    expect(first.used).toBe(2);
    expect(first.byKind).toMatchObject({ answer: 1, moderation: 1 });
    const left = await runInDurableObject(guildActorStub(OLD_GUILD), (_instance, state) => state.storage.sql.exec('SELECT value FROM kv WHERE key = ?', LEDGER_COPY_KEY).toArray().length);
    expect(left).toBe(0);
  });

  it('a new guild counts in its own book and never creates a UsageLedger', async () => {
    const before = (await listDurableObjectIds(env.USAGE_LEDGER)).length;
    const report = (await (await api(`/api/guilds/${NEW_GUILD}/usage`)).json()) as { used: number };
    expect(report.used).toBe(0);
    const copyKey = await runInDurableObject(guildActorStub(NEW_GUILD), (_instance, state) => state.storage.sql.exec('SELECT value FROM kv WHERE key = ?', LEDGER_COPY_KEY).toArray().length);
    expect(copyKey).toBe(0);
    expect((await listDurableObjectIds(env.USAGE_LEDGER)).length).toBe(before);
  });
});
