// Gateway op 9 INVALID SESSION: resumable → wait 1–5 s and RESUME the same session (messages sent meanwhile are
// replayed and answered once); not resumable → IDENTIFY a new session, exactly once, and nothing is answered twice.

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
  type SimGuildInfo,
} from '../support';

describe('gateway op 9 (invalid session)', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Op9 Guild');
  });
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('resumable: resumes the same session; a message sent while waiting is answered once', async () => {
    const before = await askBot(guild, 'how do refunds work?');
    expect(await settledReplies(before.id)).toHaveLength(1);

    const status = await gatewayStatus();
    const sessionId = status.sessionId!;
    const resumesBefore = status.shards[0]!.resumes;
    const identifiesBefore = (await simGateway()).identifies;

    const simResumesBefore = (await simSession(sessionId)).resumes;
    const faultAt = Date.now();
    await gatewayFault({ action: 'invalid-session', resumable: true, sessionId });
    const during = await askBot(guild, 'what is the refund window?');

    // Discord asks for a random 1–5 s wait after op 9 before resuming: no immediate retry.
    await waitFor(async () => (await simSession(sessionId)).resumes > simResumesBefore, 'the RESUME after op 9 (resumable)', 12_000);
    expect(Date.now() - faultAt).toBeGreaterThanOrEqual(1_000);
    const after = await waitForGatewayStatus(
      (s) => s.state === 'ready' && s.shards[0]!.resumes > resumesBefore,
      'the shard to resume after op 9 (resumable)',
      12_000,
    );
    expect(after.sessionId).toBe(sessionId);
    expect((await simGateway()).identifies).toBe(identifiesBefore);

    expect(await settledReplies(during.id)).toHaveLength(1);
    expect(await repliesTo(before.id)).toHaveLength(1);
  });

  it('not resumable: identifies a new session exactly once; earlier messages are not answered again', async () => {
    const before = await askBot(guild, 'do you refund orders?');
    expect(await settledReplies(before.id)).toHaveLength(1);

    const status = await gatewayStatus();
    const oldSessionId = status.sessionId!;
    const identifiesBefore = (await simGateway()).identifies;

    const faultAt = Date.now();
    await gatewayFault({ action: 'invalid-session', resumable: false, sessionId: oldSessionId });

    // Discord asks for a random 1–5 s wait after op 9 before identifying again.
    await waitFor(async () => (await simGateway()).identifies > identifiesBefore, 'the IDENTIFY after op 9 (not resumable)', 12_000);
    expect(Date.now() - faultAt).toBeGreaterThanOrEqual(1_000);
    const after = await waitForGatewayStatus(
      (s) => s.state === 'ready' && s.sessionId !== null && s.sessionId !== oldSessionId,
      'the shard to identify a new session after op 9 (not resumable)',
      12_000,
    );
    const gateway = await simGateway();
    expect(gateway.identifies).toBe(identifiesBefore + 1);
    expect(gateway.sessions.find((s) => s.id === after.sessionId)?.connected).toBe(true);
    expect(gateway.sessions.find((s) => s.id === oldSessionId)?.connected).toBe(false);

    const next = await askBot(guild, 'how long do refunds take?');
    expect(await settledReplies(next.id)).toHaveLength(1);
    expect(await repliesTo(before.id)).toHaveLength(1);
  });
});
