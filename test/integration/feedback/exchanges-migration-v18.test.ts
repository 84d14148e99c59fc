// Guild schema version 18 folds turns and answers into exchanges: a guild's existing memory (each turn a row
// of its own, one side empty) and its answer records (for votes and insights) are carried forward.

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AnswerLog } from '../../../src/feedback/answer-log';
import { ConversationStore } from '../../../src/guild/conversation-store';
import { GUILD_MIGRATIONS } from '../../../src/guild/schema';
import { migrate } from '../../../src/storage/migrate';
import { guildActorStub } from '../support';

const GUILD_ID = '900000000000001801';

describe('guild schema version 18', () => {
  it('carries turns and answer records into exchanges', async () => {
    const now = Date.now();
    const latest = Math.max(...GUILD_MIGRATIONS.map((m) => m.version));
    const result = await runInDurableObject(guildActorStub(GUILD_ID), (_instance, state) => {
      const sql = state.storage.sql;
      // The guild as it was at version 17.
      sql.exec('DROP TABLE exchanges');
      sql.exec('ALTER TABLE pending_replies DROP COLUMN exchange');
      sql.exec(`CREATE TABLE turns (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, channel_id TEXT NOT NULL, user_id TEXT NOT NULL,
        role TEXT NOT NULL, content TEXT NOT NULL, message_id TEXT, at INTEGER NOT NULL)`);
      sql.exec(`CREATE TABLE answers (answer_id TEXT PRIMARY KEY, message_id TEXT, guild_id TEXT NOT NULL, channel_id TEXT NOT NULL, user_id TEXT NOT NULL,
        question TEXT NOT NULL, normalised TEXT NOT NULL, answered INTEGER NOT NULL, source TEXT NOT NULL, at INTEGER NOT NULL)`);
      sql.exec(
        `INSERT INTO turns (conversation_id, channel_id, user_id, role, content, message_id, at) VALUES
           ('10:20', '10', '20', 'user', 'how do refunds work?', 'q-1', ?), ('10:20', '10', '20', 'bot', 'Refunds take 5 days.', NULL, ?)`,
        now - 2_000,
        now - 1_000,
      );
      sql.exec(
        `INSERT INTO answers (answer_id, message_id, guild_id, channel_id, user_id, question, normalised, answered, source, at)
         VALUES ('q-1', 'a-1', ?, '10', '20', 'how do refunds work?', 'how do refunds work', 1, 'mention', ?)`,
        GUILD_ID,
        now - 2_000,
      );
      sql.exec('UPDATE schema_version SET version = 17');
      expect(migrate(state.storage, GUILD_MIGRATIONS.filter((m) => m.version <= 18))).toBe(18);
      sql.exec('UPDATE schema_version SET version = ?', latest);
      const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name IN ('turns', 'answers')").toArray();
      const store = new ConversationStore(state.storage);
      return {
        tables,
        turns: store.recentTurns('10', '20').map((turn) => [turn.role, turn.content]),
        listed: store.conversations(),
        answer: new AnswerLog(state.storage).get('q-1'),
        insights: new AnswerLog(state.storage).insights(30),
      };
    });
    expect(result.tables).toEqual([]);
    expect(result.turns).toEqual([
      ['user', 'how do refunds work?'],
      ['bot', 'Refunds take 5 days.'],
    ]);
    expect(result.listed).toMatchObject([{ conversationId: '10:20', channelId: '10', userId: '20', turns: 2 }]);
    expect(result.answer).toEqual({ answerId: 'q-1', messageId: 'a-1', channelId: '10', userId: '20', question: 'how do refunds work?', answered: true });
    expect(result.insights).toMatchObject({ questions: 1, answered: 1, unanswered: 0 });
  });
});
