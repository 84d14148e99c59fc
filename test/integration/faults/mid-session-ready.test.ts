// READY only answers IDENTIFY. One arriving in the middle of a session (a new session id, an unreachable
// resume URL) is logged and ignored: the shard keeps its session and resume URL, and a later op 9
// (resumable) resumes that same session instead of trying the stranger's URL for good.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  askBot,
  clearFaults,
  gatewayFault,
  gatewayStatus,
  guildWithKnowledge,
  settledReplies,
  sim,
  simSession,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  waitForGatewayStatus,
  type SimGuildInfo,
} from '../support';

describe('a READY in the middle of a session', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Mid-session Ready Guild');
  });
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('is ignored: the session survives it, and op 9 (resumable) afterwards resumes that session', async () => {
    const before = await gatewayStatus();
    const sessionId = before.sessionId!;
    const ready = {
      v: 10,
      user: { id: TEST_BOT.userId, username: TEST_BOT.username },
      guilds: [],
      session_id: 'f00dfeedf00dfeedf00dfeedf00dfeed',
      resume_gateway_url: 'ws://127.0.0.1:9/gateway',
      application: { id: TEST_BOT.applicationId },
    };
    await sim('/_sim/faults/inject', { body: { t: 'READY', d: ready } });
    // Answered on the same socket after the READY: once it is, the READY was read.
    const question = await askBot(guild, 'how do refunds work?');
    expect(await settledReplies(question.id)).toHaveLength(1);
    const after = await gatewayStatus();
    expect(after.state).toBe('ready');
    expect(after.sessionId).toBe(sessionId);

    const resumesBefore = (await simSession(sessionId)).resumes;
    await gatewayFault({ action: 'invalid-session', resumable: true, sessionId });
    await waitFor(async () => (await simSession(sessionId)).resumes > resumesBefore, 'the RESUME of the original session', 15_000);
    const resumed = await waitForGatewayStatus((s) => s.state === 'ready' && s.shards[0]!.resumes > before.shards[0]!.resumes, 'the shard to be ready again', 15_000);
    expect(resumed.sessionId).toBe(sessionId);
  });
});
