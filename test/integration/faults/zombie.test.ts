// Zombie connection: when the gateway stops acknowledging heartbeats, the shard notices the missing ACK,
// closes the socket itself (resumably) and RESUMEs; once ACKs flow again it is ready and answers once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  askBot,
  clearFaults,
  gatewayFault,
  gatewayStatus,
  guildWithKnowledge,
  repliesTo,
  settledReplies,
  simGateway,
  simSession,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForGatewayStatus,
} from '../support';

describe('gateway heartbeat ACKs stop (zombie connection)', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('detects the missing ACK, resumes, and is healthy again once ACKs return', async () => {
    const guild = await guildWithKnowledge('Zombie Guild');
    const before = await askBot(guild, 'how do refunds work?');
    expect(await settledReplies(before.id)).toHaveLength(1);

    const status = await gatewayStatus();
    const sessionId = status.sessionId!;
    const resumesBefore = status.shards[0]!.resumes;
    const identifiesBefore = (await simGateway()).identifies;
    const faultAt = Date.now();

    await gatewayFault({ action: 'stop-acks', value: true, sessionId });

    // Heartbeat interval is 2 s in tests: the shard must notice within a couple of beats.
    await waitForGatewayStatus((s) => s.shards[0]!.resumes > resumesBefore, 'the shard to resume after missing heartbeat ACKs', 12_000);
    const session = await simSession(sessionId);
    const clientCloses = session.closes.filter((c) => c.by === 'client' && c.at >= faultAt);
    expect(clientCloses.length).toBeGreaterThan(0);
    // Closed by the shard with a code that keeps the session resumable.
    for (const close of clientCloses) expect([1000, 1001]).not.toContain(close.code);

    const reenabledAt = Date.now();
    await gatewayFault({ action: 'stop-acks', value: false, sessionId });

    const healthy = await waitForGatewayStatus(
      (s) => s.state === 'ready' && s.lastHeartbeatAck !== null && Date.parse(s.lastHeartbeatAck) > reenabledAt,
      'a heartbeat ACK after ACKs are re-enabled',
      12_000,
    );
    expect(healthy.sessionId).toBe(sessionId);
    expect((await simGateway()).identifies).toBe(identifiesBefore);

    const after = await askBot(guild, 'what is the refund window?');
    expect(await settledReplies(after.id)).toHaveLength(1);
    expect(await repliesTo(before.id)).toHaveLength(1);
    // Still ACKed: the status keeps advancing.
    const lastAck = Date.parse(healthy.lastHeartbeatAck!);
    await waitFor(async () => {
      const s = await gatewayStatus();
      return s.lastHeartbeatAck !== null && Date.parse(s.lastHeartbeatAck) > lastAck;
    }, 'the next heartbeat ACK', 6_000);
  });
});
