// Conversation memory is trimmed on the hourly cleanup, not on every answer (one row written per answer):
// past TURNS_KEPT_PER_CONVERSATION turns, or past TURNS_RETENTION_MS, an exchange goes; one that is also an
// answer record stays for feedback and insights, without its texts and out of the memory.

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ConversationStore, TURNS_KEPT_PER_CONVERSATION, TURNS_RETENTION_MS } from '../../../src/guild/conversation-store';
import { guildActorStub } from '../support';

describe('memory trimming at cleanup', () => {
  it('keeps the newest turns of each conversation and the answer records of the rest', async () => {
    const now = Date.now();
    const exchanges = TURNS_KEPT_PER_CONVERSATION / 2 + 2;
    const result = await runInDurableObject(guildActorStub('900000000000001802'), (_instance, state) => {
      const sql = state.storage.sql;
      for (let i = 0; i < exchanges; i++) {
        // Newest first by i; every other exchange is also an answer record.
        sql.exec(
          `INSERT INTO exchanges (conversation_id, at, id, channel_id, user_id, question, reply, reply_role, answer_id, asked, normalised, answered, source)
           VALUES ('10:20', ?, ?, '10', '20', 'question', 'answer', 'bot', ?, 'question', 'question', 1, 'mention')`,
          now - i * 1_000,
          `a:${i}`,
          i % 2 === 0 ? `q-${i}` : null,
        );
      }
      sql.exec("INSERT INTO exchanges (conversation_id, at, id, channel_id, user_id, question) VALUES ('11:20', ?, 't:old', '11', '20', 'old')", now - TURNS_RETENTION_MS - 1_000);
      const store = new ConversationStore(state.storage);
      store.prune(now);
      return {
        listed: store.conversations(),
        rows: sql.exec<{ id: string; memory: number; question: string | null }>("SELECT id, memory, question FROM exchanges WHERE memory = 0 OR conversation_id = '11:20' ORDER BY id").toArray(),
        total: sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM exchanges').one().n,
      };
    });
    expect(result.listed).toMatchObject([{ conversationId: '10:20', turns: TURNS_KEPT_PER_CONVERSATION }]);
    // The two oldest exchanges left the memory: the answer record stays without its text, the other is gone.
    const oldest = exchanges - 1;
    const records = [oldest - 1, oldest].filter((i) => i % 2 === 0);
    expect(result.rows).toEqual(records.map((i) => ({ id: `a:${i}`, memory: 0, question: null })));
    expect(result.total).toBe(TURNS_KEPT_PER_CONVERSATION / 2 + records.length);
  });
});
