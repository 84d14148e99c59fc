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

/** Heartbeats are every 2 s in tests; a loaded 2-core machine still gets a dozen of them in each wait. */
const DETECT_MS = 12_000;
const NEXT_ACK_MS = 6_000;
/** Covers every wait below plus the answers, so a slow step fails with its own message, not the test's timeout. */
const TEST_TIMEOUT_MS = 2 * DETECT_MS + NEXT_ACK_MS + 2 * 15_000;

describe('gateway heartbeat ACKs stop (zombie connection)', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('detects the missing ACK, resumes, and is healthy again once ACKs return', { timeout: TEST_TIMEOUT_MS }, async () => {
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
    await waitForGatewayStatus((s) => s.shards[0]!.resumes > resumesBefore, 'the shard to resume after missing heartbeat ACKs', DETECT_MS);
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
      DETECT_MS,
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
    }, 'the next heartbeat ACK', NEXT_ACK_MS);
  });
});
