// Gateway op 7 RECONNECT: the shard closes the socket, RESUMEs the same session (no new IDENTIFY), and every
// message (including one sent while it reconnects) is answered exactly once; nothing earlier is answered again.

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
  waitForGatewayStatus,
} from '../support';

describe('gateway op 7 (reconnect requested)', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('resumes the same session and answers messages around the fault exactly once', async () => {
    const guild = await guildWithKnowledge('Op7 Guild');
    const before = await askBot(guild, 'how do refunds work?');
    expect(await settledReplies(before.id)).toHaveLength(1);

    const status = await gatewayStatus();
    expect(status.state).toBe('ready');
    const sessionId = status.sessionId!;
    const resumesBefore = status.shards[0]!.resumes;
    const identifiesBefore = (await simGateway()).identifies;
    const simResumesBefore = (await simSession(sessionId)).resumes;

    const faulted = await gatewayFault({ action: 'reconnect', sessionId });
    expect(faulted.sessions).toEqual([sessionId]);
    const during = await askBot(guild, 'what is the refund window?');

    const after = await waitForGatewayStatus(
      (s) => s.state === 'ready' && s.shards[0]!.resumes > resumesBefore,
      'the shard to resume after op 7',
    );
    expect(after.sessionId).toBe(sessionId);
    expect(after.shards[0]!.resumes).toBe(resumesBefore + 1);

    const gateway = await simGateway();
    expect(gateway.identifies).toBe(identifiesBefore);
    const session = gateway.sessions.find((s) => s.id === sessionId)!;
    expect(session.resumes).toBe(simResumesBefore + 1);
    expect(session.connected).toBe(true);
    // The shard closed the old socket itself, with a code that keeps the session resumable (not 1000/1001).
    const clientClose = session.closes.filter((c) => c.by === 'client').at(-1);
    expect(clientClose).toBeDefined();
    expect([1000, 1001]).not.toContain(clientClose!.code);

    expect(await settledReplies(during.id)).toHaveLength(1);
    expect(await repliesTo(before.id)).toHaveLength(1);
  });
});
