// Storage rows an answered `/ask` costs the guild actor and its usage ledger: its replay-guard id, its event
// stored and marked done, one exchange row (both turns and the answer record) and one ledger row.

import { describe, expect, it } from 'vitest';
import { actorSql, api, deliverInteraction, guildWithKnowledge, signInteraction, waitFor, waitForFollowUp } from '../support';

async function rowsWritten(guildId: string): Promise<number> {
  const stats = (await (await api(`/api/stats/rows?guildId=${guildId}`)).json()) as { total: { rowsWritten: number } };
  return stats.total.rowsWritten;
}

/** ask_interactions 1 (WITHOUT ROWID), seen_events 1 + 1, the exchange 1, the ledger 1. */
const ANSWERED_ASK_ROWS = 5;

async function ask(guild: Awaited<ReturnType<typeof guildWithKnowledge>>, question: string): Promise<void> {
  const signed = await signInteraction({ guild, question });
  expect((await deliverInteraction(signed)).status).toBe(200);
  await waitForFollowUp(signed.interaction.application_id, signed.interaction.token);
  await waitFor(async () => (await actorSql(guild.id, 'SELECT 1 FROM seen_events WHERE payload IS NOT NULL')).length === 0, 'the inbox emptied');
}

describe('guild rows per /ask', () => {
  it('an answered /ask writes at most ANSWERED_ASK_ROWS', async () => {
    const guild = await guildWithKnowledge('Guild Rows Ask Guild');
    // The first answer arms the guild's timers (cleanup, inbox): not a per-message cost.
    await ask(guild, 'how do refunds work?');
    const before = await rowsWritten(guild.id);
    await ask(guild, 'when are invoices sent?');
    expect((await rowsWritten(guild.id)) - before).toBeLessThanOrEqual(ANSWERED_ASK_ROWS);
  });
});
