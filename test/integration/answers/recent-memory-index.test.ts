// The memory read skips SQLite for a conversation with no turn in the last CONTEXT_MAX_AGE_MS (issue 15): the
// store keeps, per instance, which conversations have recent memory. It must never hide a turn: turns stored
// before the instance, turns written after its first read, and a store that follows too many conversations.

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CONTEXT_MAX_AGE_MS, ConversationStore, RECENT_INDEX_LIMIT } from '../../../src/guild/conversation-store';
import { guildActorStub } from '../support';

describe('recent memory index', () => {
  it('finds turns stored before the instance, written after its first read, and forgets none past its limit', async () => {
    const now = Date.now();
    const result = await runInDurableObject(guildActorStub('900000000000001803'), (_instance, state) => {
      const sql = state.storage.sql;
      // Stored by an earlier instance: one recent turn, one too old to be memory.
      sql.exec("INSERT INTO exchanges (conversation_id, at, id, channel_id, user_id, question) VALUES ('10:1', ?, 't:a', '10', '1', 'earlier question')", now - 60_000);
      sql.exec("INSERT INTO exchanges (conversation_id, at, id, channel_id, user_id, question) VALUES ('10:2', ?, 't:b', '10', '2', 'old question')", now - CONTEXT_MAX_AGE_MS - 1_000);
      const store = new ConversationStore(state.storage);
      const before = { one: store.recentTurns('10', '1', now), two: store.recentTurns('10', '2', now), three: store.recentTurns('10', '3', now) };
      // Written after the first read (the index is built): found at once.
      store.addTurn('10', '3', 'user', 'new question', 'm-3', now);
      store.addExchange({ channelId: '10', userId: '2', question: 'q2', messageId: 'm-2', reply: 'a2', at: now, answer: null }, { messageId: null, channelId: null });
      const after = { two: store.recentTurns('10', '2', now), three: store.recentTurns('10', '3', now) };
      // Past the limit the store stops following and reads SQLite every time: still every turn.
      for (let i = 0; i <= RECENT_INDEX_LIMIT; i++) store.addTurn('20', `u${i}`, 'user', 'hi', `n-${i}`, now);
      const crowded = { first: store.recentTurns('20', 'u0', now), last: store.recentTurns('20', `u${RECENT_INDEX_LIMIT}`, now), one: store.recentTurns('10', '1', now) };
      return { before, after, crowded };
    });
    const contents = (turns: { content: string }[]) => turns.map((turn) => turn.content);
    expect(contents(result.before.one)).toEqual(['earlier question']);
    expect(result.before.two).toEqual([]);
    expect(result.before.three).toEqual([]);
    expect(contents(result.after.three)).toEqual(['new question']);
    expect(contents(result.after.two)).toEqual(['q2', 'a2']);
    expect(contents(result.crowded.first)).toEqual(['hi']);
    expect(contents(result.crowded.last)).toEqual(['hi']);
    expect(contents(result.crowded.one)).toEqual(['earlier question']);
  });
});
