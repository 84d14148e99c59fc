// One guild's trouble never holds up another: messages from two guilds at once are both answered, and while one
// guild's reply waits out a rate limit, another guild's question is answered before that guild's retry. The
// checks are orderings of the simulator's own timestamps, never a wall-clock budget a loaded machine can miss.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedRepliesTo,
  askBot,
  exactReplies,
  callsTo,
  clearFaults,
  guildWithKnowledge,
  restFault,
  startGatewayAndWait,
  stopGateway,
  waitFor,
} from '../support';

/** Long enough that answering the other guild first is not a race on a loaded 2-core machine. */
const RETRY_AFTER_S = 5;

describe('guild isolation', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('answers two guilds messaging at the same time, once each', async () => {
    const [first, second] = await Promise.all([guildWithKnowledge('Isolation Guild A'), guildWithKnowledge('Isolation Guild B')]);
    const questions = await Promise.all([askBot(first, 'how do refunds work?'), askBot(second, 'how do refunds work?')]);
    await exactReplies(first, questions[0]!);
    await exactReplies(second, questions[1]!);
  });

  it('answers another guild while one guild waits out a rate limit', async () => {
    const [slow, fast] = await Promise.all([guildWithKnowledge('Rate Limited Guild'), guildWithKnowledge('Unaffected Guild')]);
    const slowPath = `/channels/${slow.channels[0]!.id}/messages`;
    const fastPath = `/channels/${fast.channels[0]!.id}/messages`;
    await restFault({ method: 'POST', path: slowPath, status: 429, retryAfter: RETRY_AFTER_S, count: 1 });

    const slowQuestion = await askBot(slow, 'how do refunds work?');
    const [limited] = await waitFor(async () => {
      const found = (await callsTo('POST', slowPath)).filter((call) => call.status === 429);
      return found.length ? found : null;
    }, 'the 429 on the rate-limited guild', 15_000);

    const fastQuestion = await askBot(fast, 'how do refunds work?');
    await waitFor(async () => (await acceptedRepliesTo(fastQuestion.id)).length > 0, 'the unaffected guild’s reply', 15_000);
    const [fastReply] = await callsTo('POST', fastPath);
    expect(fastReply!.status).toBe(200);
    expect(fastReply!.at).toBeGreaterThanOrEqual(limited!.at);
    // The other guild is still holding its own reply back.
    expect(await acceptedRepliesTo(slowQuestion.id)).toHaveLength(0);

    await exactReplies(slow, slowQuestion, 1, (RETRY_AFTER_S + 15) * 1_000);
    await exactReplies(fast, fastQuestion);
    const slowCalls = await callsTo('POST', slowPath);
    expect(slowCalls.map((call) => call.status)).toEqual([429, 200]);
    // The fast guild was answered before the slow guild's retry, which waited out retry_after (a lower bound).
    expect(fastReply!.at).toBeLessThan(slowCalls[1]!.at);
    expect(slowCalls[1]!.at - slowCalls[0]!.at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1_000 - 50);
  });
});
