// A rate-limit wait never holds an inbox slot that other conversations need: with the replies of more
// conversations than there are slots all limited for 5 s, another conversation of the same guild is
// answered at once; each limited conversation is answered exactly once after its limit resets.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_PARALLELISM } from '../../../src/guild/inbox';
import {
  acceptedRepliesTo,
  askBot,
  callsTo,
  clearFaults,
  guildWithKnowledge,
  restFault,
  startGatewayAndWait,
  stopGateway,
  waitFor,
} from '../support';

const LIMITED = INBOX_PARALLELISM + 1;
const CHANNELS = [...Array.from({ length: LIMITED }, (_, i) => `limited-${i}`), 'free'];

describe('inbox: a rate-limit wait does not hold a slot', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('answers another conversation while every slot’s conversation waits out a 5 s limit', async () => {
    const guild = await guildWithKnowledge('Parked Rate Limit Guild', CHANNELS);
    const limited = guild.channels.slice(0, LIMITED);
    const free = guild.channels[LIMITED]!;
    for (const channel of limited) await restFault({ method: 'POST', path: `/channels/${channel.id}/messages`, status: 429, retryAfter: 5, count: 1 });

    const questions = await Promise.all(limited.map((channel) => askBot(guild, 'how do refunds work?', { channelId: channel.id })));
    const firstLimits = await waitFor(async () => {
      const found = await Promise.all(limited.map(async (channel) => (await callsTo('POST', `/channels/${channel.id}/messages`)).find((call) => call.status === 429)));
      return found.every(Boolean) ? found.map((call) => call!) : null;
    }, 'a 429 on every limited conversation', 15_000);

    const freeQuestion = await askBot(guild, 'how do refunds work?', { channelId: free.id });
    await waitFor(async () => (await acceptedRepliesTo(freeQuestion.id)).length > 0, 'the free conversation’s reply', 15_000);
    const [freeReply] = await callsTo('POST', `/channels/${free.id}/messages`);
    // Answered while every limited conversation still waits (their limits reset 5 s after their 429s).
    const earliestReset = Math.min(...firstLimits.map((call) => call.at)) + 5_000;
    expect(freeReply!.at).toBeLessThan(earliestReset);
    for (const question of questions) expect(await acceptedRepliesTo(question.id)).toHaveLength(0);

    // Each limited conversation is answered once, not before its limit reset.
    for (const [i, question] of questions.entries()) {
      await waitFor(async () => (await acceptedRepliesTo(question.id)).length > 0, `limited conversation ${i}'s reply`, 15_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const [i, channel] of limited.entries()) {
      expect(await acceptedRepliesTo(questions[i]!.id)).toHaveLength(1);
      const posted = await callsTo('POST', `/channels/${channel.id}/messages`);
      expect(posted.map((call) => call.status)).toEqual([429, 200]);
      expect(posted[1]!.at - posted[0]!.at).toBeGreaterThanOrEqual(4_950);
    }
  });
});
