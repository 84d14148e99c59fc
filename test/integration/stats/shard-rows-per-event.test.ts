// The gateway shard writes no row per event on the happy path: no outbox row (an event goes to the outbox
// only when its guild actor fails) and no sequence per event (the resume point is stored at most once a
// second). Five answered mentions cost the shard at most a few writes in all, not several each.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, askBot, exactReplies, guildWithKnowledge, startGatewayAndWait, stopGateway } from '../support';

async function shardRowsWritten(): Promise<number> {
  return ((await (await api('/api/stats/rows')).json()) as { total: { rowsWritten: number } }).total.rowsWritten;
}

describe('gateway shard rows per event', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('stay under one write per routed event', async () => {
    const guild = await guildWithKnowledge('Shard Rows Guild');
    const before = await shardRowsWritten();
    const questions = [];
    for (const question of ['how do refunds work?', 'what is the refund window?', 'how do refunds work again?', 'refunds?', 'refund policy?']) {
      questions.push(await askBot(guild, question));
    }
    for (const question of questions) await exactReplies(guild, question);
    // Five mentions and five answers went over the gateway; the shard may have stored its resume point a few times.
    expect((await shardRowsWritten()) - before).toBeLessThan(5);
  });
});
