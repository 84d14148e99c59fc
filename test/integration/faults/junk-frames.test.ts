// Frames Discord should never send (null, a bare string, not JSON, a dispatch without t, an unknown opcode)
// are logged and skipped: the shard keeps its connection and session and goes on answering.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askBot, gatewayStatus, guildWithKnowledge, settledReplies, sim, startGatewayAndWait, stopGateway, type SimGuildInfo } from '../support';

const JUNK = ['null', '"junk"', 'not json at all', '[]', '{"op":0,"d":{}}', '{"op":10,"d":null}', '{"op":9}', '{"op":42,"d":1}', '{"op":0,"t":"MESSAGE_CREATE","s":"x","d":{}}'];

describe('junk gateway frames', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Junk Frames Guild');
  });
  afterAll(stopGateway);

  it('leave the connection up and the guild answered', async () => {
    const before = await gatewayStatus();
    for (const raw of JUNK) await sim('/_sim/faults/inject', { body: { raw } });
    // Sent on the same socket after the junk: once it is answered, every junk frame was read.
    const question = await askBot(guild, 'how do refunds work?');
    expect(await settledReplies(question.id)).toHaveLength(1);
    const after = await gatewayStatus();
    expect(after.state).toBe('ready');
    expect(after.sessionId).toBe(before.sessionId);
    expect(after.reconnects).toBe(before.reconnects);
  });
});
