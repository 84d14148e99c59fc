// Storage rows a message costs the guild actor and its usage ledger. Chatter (not for Herald in "mention"
// mode) writes one row, its dedupe id, and stores no payload. An answered mention writes its dedupe row with
// the payload, the same row marked done, one exchange row (both turns and the answer record) and one ledger
// row: no attempt counter, no pending reply (only a failed post stores one), no per-member answer record
// without a cap. Issue 15's budget: at most 4 (it was 18).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, api, askBot, guildWithKnowledge, memberSays, repliesTo, startGatewayAndWait, stopGateway, waitFor } from '../support';

async function rowsWritten(guildId: string): Promise<number> {
  const stats = (await (await api(`/api/stats/rows?guildId=${guildId}`)).json()) as { total: { rowsWritten: number } };
  return stats.total.rowsWritten;
}

/**
 * seen_events 1 (the event stored with its payload, WITHOUT ROWID) + 1 (payload cleared once handled: the inbox is
 * those rows), the exchange 1 (question, answer and the answer record for feedback and insights, written after
 * the post so it carries the message id from the start; WITHOUT ROWID, no AUTOINCREMENT, no second index), the
 * ledger 1 (the guild's month row carries the count, the day's count and the counted key).
 */
const ANSWERED_MENTION_ROWS = 4;

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
    expect(await actorSql(guild.id, 'SELECT 1 FROM seen_events WHERE payload IS NOT NULL')).toEqual([]);

    const beforeMention = await rowsWritten(guild.id);
    const question = await askBot(guild, 'when are invoices sent?');
    await waitFor(async () => (await repliesTo(question.id)).length === 1, 'the answer');
    await waitFor(async () => (await actorSql(guild.id, 'SELECT 1 FROM seen_events WHERE payload IS NOT NULL')).length === 0, 'the inbox emptied');
    expect((await rowsWritten(guild.id)) - beforeMention).toBeLessThanOrEqual(ANSWERED_MENTION_ROWS);
  });
});
