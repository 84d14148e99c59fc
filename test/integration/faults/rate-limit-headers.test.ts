// Herald follows the simulator's real rate limits (no injected 429): with the message route limited to 2 per
// 1.5 s, four answers in one channel all go through and none of them is ever refused with a 429, because
// Herald waits for X-RateLimit-Reset-After once X-RateLimit-Remaining reaches 0.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedRepliesTo, askBot, callsTo, guildWithKnowledge, sim, startGatewayAndWait, stopGateway, waitFor } from '../support';

const QUESTIONS = ['how do refunds work?', 'when are refunds issued?', 'who handles refunds?', 'what do I need for a refund?'];

describe('rate-limit headers on the reply route', () => {
  beforeAll(async () => {
    await sim('/_sim/config', { body: { rateLimits: { messageCreate: { limit: 2, windowMs: 1_500 } } } });
    await startGatewayAndWait();
  });
  afterAll(async () => {
    await sim('/_sim/config', { body: { rateLimits: null } });
    await stopGateway();
  });

  it('answers every question without ever being refused with a 429', async () => {
    const guild = await guildWithKnowledge('Rate Limit Headers Guild');
    const path = `/channels/${guild.channels[0]!.id}/messages`;
    const asked: { id: string }[] = [];
    for (const question of QUESTIONS) asked.push(await askBot(guild, question));
    await waitFor(
      async () => (await Promise.all(asked.map((message) => acceptedRepliesTo(message.id)))).every((replies) => replies.length === 1),
      'an answer to every question',
      15_000,
    );
    const posted = await callsTo('POST', path);
    expect(posted.map((call) => call.status)).toEqual(QUESTIONS.map(() => 200));
  });
});
