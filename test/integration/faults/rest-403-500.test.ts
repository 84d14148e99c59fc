// REST errors on the reply: a 403 is never retried (each one counts toward Discord's invalid-request ban) and
// the actor keeps working; a 500 is retried with backoff and the answer is posted exactly once.

import { env, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuildActor } from '../../../src/actors/guild-actor';
import {
  acceptedRepliesTo,
  askBot,
  callsTo,
  clearFaults,
  exactReplies,
  guildWithKnowledge,
  restFault,
  settledReplies,
  startGatewayAndWait,
  stopGateway,
  waitFor,
} from '../support';

async function inboxSize(guildId: string): Promise<number> {
  const actor = env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
  return runInDurableObject(actor, (_instance: GuildActor, state) =>
    state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM seen_events WHERE payload IS NOT NULL').one().n,
  );
}

describe('REST errors on the reply', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('403: no retry, and the next question (another channel) is answered', async () => {
    const guild = await guildWithKnowledge('Forbidden Guild', ['locked', 'help']);
    const lockedPath = `/channels/${guild.channels[0]!.id}/messages`;
    await restFault({ method: 'POST', path: lockedPath, status: 403, count: 1 });

    const forbidden = await askBot(guild, 'how do refunds work?', { channelId: guild.channels[0]!.id });
    await waitFor(async () => (await callsTo('POST', lockedPath)).some((call) => call.status === 403), 'the 403 answer', 15_000);

    // The actor handles its inbox in order: once this is answered, the 403'd event is finished with.
    const next = await askBot(guild, 'what is the refund window?', { channelId: guild.channels[1]!.id });
    expect(await settledReplies(next.id)).toHaveLength(1);

    const lockedCalls = await callsTo('POST', lockedPath);
    expect(lockedCalls.map((call) => call.status)).toEqual([403]);
    expect(await acceptedRepliesTo(forbidden.id)).toHaveLength(0);
    // Nothing left for the alarm to retry later.
    expect(await inboxSize(guild.id)).toBe(0);
  });

  it('500 twice, then success: answered exactly once after three calls', async () => {
    const guild = await guildWithKnowledge('Flaky Guild');
    const path = `/channels/${guild.channels[0]!.id}/messages`;
    await restFault({ method: 'POST', path, status: 500, count: 2 });

    const question = await askBot(guild, 'how do refunds work?');
    await exactReplies(guild, question);
    expect((await callsTo('POST', path)).map((call) => call.status)).toEqual([500, 500, 200]);
    expect(await inboxSize(guild.id)).toBe(0);
  });
});
