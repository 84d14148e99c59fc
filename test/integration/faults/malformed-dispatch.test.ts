// One malformed MESSAGE_CREATE (no author) must not wedge its guild: it is logged and skipped at the shard,
// and the guild's later messages are answered as usual.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askBot, gatewayStatus, guildWithKnowledge, settledReplies, sim, startGatewayAndWait, stopGateway, waitFor, type SimGuildInfo } from '../support';

describe('a MESSAGE_CREATE without an author', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Malformed Dispatch Guild');
  });
  afterAll(stopGateway);

  it('is skipped, and the same guild is answered afterwards', async () => {
    const channelId = guild.channels[0]!.id;
    await sim('/_sim/faults/inject', {
      body: { guildId: guild.id, t: 'MESSAGE_CREATE', d: { id: '990000000000000001', channel_id: channelId, guild_id: guild.id, content: 'no author here' } },
    });
    const question = await askBot(guild, 'how do refunds work?');
    expect(await settledReplies(question.id)).toHaveLength(1);
    // Nothing left waiting for a retry in the shard's outbox.
    await waitFor(async () => (await gatewayStatus()).shards.every((shard) => (shard as unknown as { outbox: number }).outbox === 0), 'an empty outbox');
  });
});
