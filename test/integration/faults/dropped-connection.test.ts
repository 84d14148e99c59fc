// A TCP drop with no close frame: the shard reconnects and RESUMEs; messages posted while it was disconnected
// are replayed by the gateway and each is answered exactly once.

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

describe('gateway connection dropped without a close frame', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('resumes and answers the messages replayed from while it was away, once each', async () => {
    const guild = await guildWithKnowledge('Dropped Connection Guild', ['general', 'help']);
    const before = await askBot(guild, 'how do refunds work?');
    expect(await settledReplies(before.id)).toHaveLength(1);

    const status = await gatewayStatus();
    const sessionId = status.sessionId!;
    const resumesBefore = status.shards[0]!.resumes;
    const identifiesBefore = (await simGateway()).identifies;
    const simResumesBefore = (await simSession(sessionId)).resumes;

    await gatewayFault({ action: 'drop', sessionId });
    expect((await simSession(sessionId)).connected).toBe(false);
    const missed = [
      await askBot(guild, 'what is the refund window?'),
      await askBot(guild, 'do you refund orders?', { channelId: guild.channels[1]!.id }),
      await askBot(guild, 'how long do refunds take?'),
    ];

    const after = await waitForGatewayStatus(
      (s) => s.state === 'ready' && s.shards[0]!.resumes > resumesBefore,
      'the shard to resume after the drop',
    );
    expect(after.sessionId).toBe(sessionId);
    expect((await simGateway()).identifies).toBe(identifiesBefore);
    expect((await simSession(sessionId)).resumes).toBe(simResumesBefore + 1);

    for (const message of missed) expect(await settledReplies(message.id), `replies to ${message.content}`).toHaveLength(1);
    expect(await repliesTo(before.id)).toHaveLength(1);
  });
});
