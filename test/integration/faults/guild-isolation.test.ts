// One guild's trouble never holds up another: messages from two guilds at once are both answered, and while one
// guild's reply waits out a 3 s rate limit, another guild's question is answered well before that.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedRepliesTo,
  askBot,
  callsTo,
  clearFaults,
  guildWithKnowledge,
  restFault,
  settledReplies,
  startGatewayAndWait,
  stopGateway,
  waitFor,
} from '../support';

describe('guild isolation', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('answers two guilds messaging at the same time, once each', async () => {
    const [first, second] = await Promise.all([guildWithKnowledge('Isolation Guild A'), guildWithKnowledge('Isolation Guild B')]);
    const questions = await Promise.all([askBot(first, 'how do refunds work?'), askBot(second, 'how do refunds work?')]);
    for (const question of questions) expect(await settledReplies(question.id)).toHaveLength(1);
  });

  it('answers another guild while one guild waits out a 3 s rate limit', async () => {
    const [slow, fast] = await Promise.all([guildWithKnowledge('Rate Limited Guild'), guildWithKnowledge('Unaffected Guild')]);
    const slowPath = `/channels/${slow.channels[0]!.id}/messages`;
    const fastPath = `/channels/${fast.channels[0]!.id}/messages`;
    await restFault({ method: 'POST', path: slowPath, status: 429, retryAfter: 3, count: 1 });

    const slowQuestion = await askBot(slow, 'how do refunds work?');
    const [limited] = await waitFor(async () => {
      const found = (await callsTo('POST', slowPath)).filter((call) => call.status === 429);
      return found.length ? found : null;
    }, 'the 429 on the rate-limited guild', 15_000);

    const fastQuestion = await askBot(fast, 'how do refunds work?');
    await waitFor(async () => (await acceptedRepliesTo(fastQuestion.id)).length > 0, 'the unaffected guild’s reply', 15_000);
    const [fastReply] = await callsTo('POST', fastPath);
    expect(fastReply!.status).toBe(200);
    // Well before the other guild's limit resets…
    expect(fastReply!.at - limited!.at).toBeLessThan(2_000);
    // …which is still holding its own reply back.
    expect(await acceptedRepliesTo(slowQuestion.id)).toHaveLength(0);

    await waitFor(async () => (await acceptedRepliesTo(slowQuestion.id)).length > 0, 'the rate-limited guild’s reply', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await acceptedRepliesTo(slowQuestion.id)).toHaveLength(1);
    expect(await acceptedRepliesTo(fastQuestion.id)).toHaveLength(1);
    const slowCalls = await callsTo('POST', slowPath);
    expect(slowCalls.map((call) => call.status)).toEqual([429, 200]);
    expect(slowCalls[1]!.at - slowCalls[0]!.at).toBeGreaterThanOrEqual(2_950);
  });
});
