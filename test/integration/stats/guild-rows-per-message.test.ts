// Storage rows a message costs the guild actor and its usage ledger. Chatter (not for Herald in "mention"
// mode) writes one row, its dedupe id, and no inbox row. An answered mention writes its dedupe id, its inbox
// row and its removal, the two turns of memory and the quota count (usage, day, key): no attempt counter, no
// pending reply (only a failed post stores one), no per-member answer record without a cap.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, api, askBot, guildWithKnowledge, memberSays, repliesTo, startGatewayAndWait, stopGateway, waitFor } from '../support';

async function rowsWritten(guildId: string): Promise<number> {
  const stats = (await (await api(`/api/stats/rows?guildId=${guildId}`)).json()) as { total: { rowsWritten: number } };
  return stats.total.rowsWritten;
}

/**
 * Dedupe 1, inbox 2 + 1, turns 2 × 3 (row, AUTOINCREMENT counter, conversation index), quota 3, and the answer
 * kept for feedback and insights (its row with two indexes, then the id of the message carrying its buttons) 5.
 */
const ANSWERED_MENTION_ROWS = 18;

describe('guild rows per message', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('chatter writes one row; an answered mention at most ANSWERED_MENTION_ROWS', async () => {
    const guild = await guildWithKnowledge('Guild Rows Guild');
    // The first answer arms the guild's timers (cleanup, inbox): not a per-message cost.
    const first = await askBot(guild, 'how do refunds work?');
    await waitFor(async () => (await repliesTo(first.id)).length === 1, 'the first answer');

    const beforeChatter = await rowsWritten(guild.id);
    // Waited for by reading only (the test helpers that force the inbox retry write timer rows themselves).
    const chatter = await memberSays(guild, 'good morning everyone');
    await waitFor(async () => (await actorSql(guild.id, 'SELECT 1 FROM seen_events WHERE event_id = ?', `message_create:shared:${chatter.id}`)).length === 1, 'the chatter taken');
    expect((await rowsWritten(guild.id)) - beforeChatter).toBe(1);
    expect(await actorSql(guild.id, 'SELECT 1 FROM inbox')).toEqual([]);

    const beforeMention = await rowsWritten(guild.id);
    const question = await askBot(guild, 'when are invoices sent?');
    await waitFor(async () => (await repliesTo(question.id)).length === 1, 'the answer');
    await waitFor(async () => (await actorSql(guild.id, 'SELECT 1 FROM inbox')).length === 0, 'the inbox emptied');
    expect((await rowsWritten(guild.id)) - beforeMention).toBeLessThanOrEqual(ANSWERED_MENTION_ROWS);
  });
});
