// A rate-limit park is kept in storage: after the guild actor is evicted, the parked conversation still
// waits for its limit to reset (while a new conversation is answered at once), then is answered once.

import { evictDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedRepliesTo,
  askBot,
  callsTo,
  clearFaults,
  guildActorStub,
  guildWithKnowledge,
  restFault,
  startGatewayAndWait,
  stopGateway,
  waitFor,
} from '../support';

describe('inbox: a park survives eviction', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('keeps the parked conversation waiting after eviction', async () => {
    const guild = await guildWithKnowledge('Park Eviction Guild', ['limited', 'other']);
    const [limited, other] = guild.channels;
    const limitedPath = `/channels/${limited!.id}/messages`;
    await restFault({ method: 'POST', path: limitedPath, status: 429, retryAfter: 4, count: 1 });

    const parked = await askBot(guild, 'how do refunds work?', { channelId: limited!.id });
    await waitFor(async () => (await callsTo('POST', limitedPath)).some((call) => call.status === 429), 'the 429 on the limited channel', 15_000);
    await evictDurableObject(guildActorStub(guild.id));

    // A new event wakes a fresh instance, which reads the inbox (and the park) from storage.
    const fresh = await askBot(guild, 'how do refunds work?', { channelId: other!.id });
    await waitFor(async () => (await acceptedRepliesTo(fresh.id)).length > 0, 'the other conversation’s reply', 15_000);

    await waitFor(async () => (await acceptedRepliesTo(parked.id)).length > 0, 'the parked conversation’s reply', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await acceptedRepliesTo(parked.id)).toHaveLength(1);
    const posted = await callsTo('POST', limitedPath);
    expect(posted.map((call) => call.status)).toEqual([429, 200]);
    expect(posted[1]!.at - posted[0]!.at).toBeGreaterThanOrEqual(3_950);
  });
});
