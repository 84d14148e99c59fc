// Gateway close codes: a resumable code (4000) resumes the session, a session-ending one (4009) identifies anew,
// and a fatal one (4004 authentication failed) stops the shard with a reason and no reconnect attempts until an
// operator starts it again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  askBot,
  clearFaults,
  gatewayFault,
  gatewayStatus,
  guildWithKnowledge,
  repliesTo,
  settledReplies,
  simGateway,
  startGatewayAndWait,
  stopGateway,
  waitForGatewayStatus,
  type SimGuildInfo,
} from '../support';

describe('gateway close codes', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Close Codes Guild');
  });
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('4000 (unknown error): resumes the same session; a message sent meanwhile is answered once', async () => {
    const status = await gatewayStatus();
    const sessionId = status.sessionId!;
    const resumesBefore = status.shards[0]!.resumes;
    const identifiesBefore = (await simGateway()).identifies;

    await gatewayFault({ action: 'close', code: 4000, sessionId });
    const during = await askBot(guild, 'how do refunds work?');

    const after = await waitForGatewayStatus(
      (s) => s.state === 'ready' && s.shards[0]!.resumes > resumesBefore,
      'the shard to resume after close 4000',
    );
    expect(after.sessionId).toBe(sessionId);
    expect(after.shards[0]!.lastCloseCode).toBe(4000);
    expect((await simGateway()).identifies).toBe(identifiesBefore);
    expect(await settledReplies(during.id)).toHaveLength(1);
  });

  it('4009 (session timed out): identifies a new session exactly once', async () => {
    const before = await askBot(guild, 'what is the refund window?');
    expect(await settledReplies(before.id)).toHaveLength(1);
    const status = await gatewayStatus();
    const oldSessionId = status.sessionId!;
    const identifiesBefore = (await simGateway()).identifies;

    await gatewayFault({ action: 'close', code: 4009, sessionId: oldSessionId });

    const after = await waitForGatewayStatus(
      (s) => s.state === 'ready' && s.sessionId !== null && s.sessionId !== oldSessionId,
      'the shard to identify a new session after close 4009',
    );
    expect(after.shards[0]!.lastCloseCode).toBe(4009);
    expect((await simGateway()).identifies).toBe(identifiesBefore + 1);

    const next = await askBot(guild, 'do you refund orders?');
    expect(await settledReplies(next.id)).toHaveLength(1);
    expect(await repliesTo(before.id)).toHaveLength(1);
  });

  it('4004 (authentication failed): stops with the reason, does not reconnect, and recovers on start', async () => {
    const status = await gatewayStatus();
    const identifiesBefore = (await simGateway()).identifies;

    await gatewayFault({ action: 'close', code: 4004, sessionId: status.sessionId! });

    const stopped = await waitForGatewayStatus((s) => s.state === 'stopped', 'the shard to stop after close 4004');
    expect(stopped.stopReason).toMatch(/4004/);

    // No reconnect attempt for 3 s: no connection opened, no IDENTIFY, no RESUME.
    const sessionsBefore = (await simGateway()).sessions.map((s) => `${s.id}:${s.resumes}:${s.connected}`).sort();
    const watchUntil = Date.now() + 3_000;
    while (Date.now() < watchUntil) {
      const gateway = await simGateway();
      expect(gateway.connections).toBe(0);
      expect(gateway.identifies).toBe(identifiesBefore);
      expect((await gatewayStatus()).state).toBe('stopped');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await simGateway()).sessions.map((s) => `${s.id}:${s.resumes}:${s.connected}`).sort()).toEqual(sessionsBefore);

    const started = await api('/api/gateway/start', { method: 'POST' });
    expect(started.status).toBe(200);
    const ready = await waitForGatewayStatus((s) => s.state === 'ready', 'the shard to be ready again after start', 15_000);
    expect(ready.stopReason).toBeNull();

    const question = await askBot(guild, 'how long do refunds take?');
    expect(await settledReplies(question.id)).toHaveLength(1);
  });
});
