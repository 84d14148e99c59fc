// Schema version 14 stems the passages a guild already had (indexed before by the English-only porter index),
// so an existing guild's German question finds its passage without the owner uploading anything again.

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { GUILD_MIGRATIONS } from '../../../src/guild/schema';
import { KnowledgeStore } from '../../../src/guild/knowledge-store';
import { migrate } from '../../../src/storage/migrate';
import { api, guildActorStub } from '../support';

const GUILD_ID = '900000000000001401';
const QUESTION = 'Wann erhalte ich die Sendungsnummern?';

describe('schema version 14', () => {
  it("re-indexes a guild's existing passages in their language", async () => {
    const added = await api(`/api/guilds/${GUILD_ID}/knowledge`, {
      body: { title: 'Lieferung', content: 'Die Sendungsnummer erhalten Sie per E-Mail, sobald das Paket unser Lager verlässt.' },
    });
    expect(added.status).toBe(201);

    const found = await runInDurableObject(guildActorStub(GUILD_ID), (_instance, state) => {
      const sql = state.storage.sql;
      // The guild as it was before version 14: no stem index, no vectors.
      sql.exec('DROP TABLE passage_stems');
      sql.exec('DROP TABLE passage_vectors');
      sql.exec('UPDATE schema_version SET version = 13');
      // Only up to 14: later versions are not this test's (their columns already exist here).
      expect(migrate(state.storage, GUILD_MIGRATIONS.filter((m) => m.version <= 14))).toBe(14);
      return new KnowledgeStore(state.storage).search(QUESTION).map((passage) => passage.title);
    });
    expect(found).toEqual(['Lieferung']);
  });
});
