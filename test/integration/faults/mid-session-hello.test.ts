// HELLO is only valid as a connection's first frame. A second one in the middle of a session (with a good or a
// junk heartbeat_interval) is logged and ignored: no IDENTIFY or RESUME on the open session (which Discord
// answers with 4005), no reconnect, the same session, and the guild is still answered.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askBot, gatewayStatus, guildWithKnowledge, settledReplies, sim, simGateway, simSession, startGatewayAndWait, stopGateway, type SimGuildInfo } from '../support';

const HELLOS = ['{"op":10,"d":{"heartbeat_interval":41250}}', '{"op":10,"d":{"heartbeat_interval":"x"}}', '{"op":10,"d":{"heartbeat_interval":1e400}}'];

describe('a HELLO in the middle of a session', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Mid-session Hello Guild');
  });
  afterAll(stopGateway);

  it('is ignored: same connection, same session, no IDENTIFY or RESUME', async () => {
    const before = await gatewayStatus();
    const sessionId = before.sessionId!;
    const identifiesBefore = (await simGateway()).identifies;
    const resumesBefore = (await simSession(sessionId)).resumes;
    for (const raw of HELLOS) await sim('/_sim/faults/inject', { body: { raw } });
    // Sent on the same socket after the HELLOs: once it is answered, every HELLO was read.
    const question = await askBot(guild, 'how do refunds work?');
    expect(await settledReplies(question.id)).toHaveLength(1);

    const after = await gatewayStatus();
    expect(after.state).toBe('ready');
    expect(after.sessionId).toBe(sessionId);
    expect(after.reconnects).toBe(before.reconnects);
    const session = await simSession(sessionId);
    expect(session.closes).toEqual([]);
    expect(session.resumes).toBe(resumesBefore);
    expect((await simGateway()).identifies).toBe(identifiesBefore);
  });
});
