// The guild actor knows its guild from the runtime (the name the Worker gave `idFromName`), before any call and
// without one passing it: an actor woken only by its alarm after eviction still acts for the right guild.

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { actorSql, guildActorStub } from './support';

describe('guild actor name', () => {
  it('is the guild id it was addressed by, with nothing stored', async () => {
    const guildId = '990000000000123456';
    const stub = guildActorStub(guildId);
    const known = await runInDurableObject(stub, (instance) => (instance as unknown as { guildId: string }).guildId);
    expect(known).toBe(guildId);
    // Nothing was written to learn it (older actors kept it in kv).
    expect(await actorSql(guildId, "SELECT key FROM kv WHERE key = 'guild_id'")).toEqual([]);
  });
});
