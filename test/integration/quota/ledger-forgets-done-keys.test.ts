// The ledger keeps a counted key only while its event may be retried: the guild sends where its inbox stands
// (CountMarks) with each count, so once an answered message is done its key goes at the next count, and the
// ledger's row (in the guild's own actor when it shares no quota) does not grow with every message of the month.

import { runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../../../src/usage/quota';
import { askBot, guildActorStub, guildWithKnowledge, repliesTo, startGatewayAndWait, stopGateway, waitFor } from '../support';

/** A guild that shares no quota keeps its ledger rows in its own actor. */
async function countedKeys(guildId: string): Promise<string[]> {
  return runInDurableObject(guildActorStub(guildId), (_instance, state) => {
    const row = state.storage.sql.exec<{ keys: string }>('SELECT keys FROM ledger WHERE month = ? AND guild_id = ?', monthOf(Date.now()), guildId).toArray()[0];
    return row ? Object.keys(JSON.parse(row.keys) as Record<string, unknown>) : [];
  });
}

describe('ledger keys of done events', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('are forgotten at the next count', async () => {
    const guild = await guildWithKnowledge('Ledger Forgets Keys Guild');
    const first = await askBot(guild, 'how do refunds work?');
    await waitFor(async () => (await repliesTo(first.id)).length === 1, 'the first answer');
    expect(await countedKeys(guild.id)).toEqual([`answer:${first.id}`]);

    const second = await askBot(guild, 'when are invoices sent?');
    await waitFor(async () => (await repliesTo(second.id)).length === 1, 'the second answer');
    expect(await countedKeys(guild.id)).toEqual([`answer:${second.id}`]);
  });
});
