// The inbox caps what one member can have waiting: past INBOX_MEMBER_LIMIT pending events, the member's new
// messages are still moderated (moderation is never the part that is dropped) but not answered.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_MEMBER_LIMIT } from '../../../src/guild/schema';
import {
  acceptedRepliesTo,
  actorSql,
  callsTo,
  clearFaults,
  enableModeration,
  guildWithKnowledge,
  memberSays,
  messageDeletes,
  repliesTo,
  restFault,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
} from '../support';

const MEMBER = { userId: '200000000000007001', username: 'eager-member' };
const ask = (n: number) => `<@${TEST_BOT.userId}> how do refunds work? (${n})`;

describe('inbox: per-member cap', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('moderates but does not answer a member’s messages past the cap', async () => {
    const guild = await guildWithKnowledge('Member Cap Guild');
    await enableModeration(guild.id, { rules: 'banned words: free nitro' });
    const channelId = guild.channels[0]!.id;
    const path = `/channels/${channelId}/messages`;
    // The first reply is rate-limited for 3 s: the member's conversation waits, its later messages queue up.
    await restFault({ method: 'POST', path, status: 429, retryAfter: 3, count: 1 });
    const first = await memberSays(guild, ask(0), MEMBER);
    await waitFor(async () => (await callsTo('POST', path)).some((call) => call.status === 429), 'the 429 on the first reply', 15_000);

    const queued = [first];
    for (let i = 1; i < INBOX_MEMBER_LIMIT; i++) queued.push(await memberSays(guild, ask(i), MEMBER));
    const overCap = await memberSays(guild, ask(INBOX_MEMBER_LIMIT), MEMBER);
    const spamOverCap = await memberSays(guild, `<@${TEST_BOT.userId}> FREE NITRO for everyone`, MEMBER);

    const modes = await waitFor(async () => {
      const rows = await actorSql<{ mode: string }>(guild.id, 'SELECT mode FROM seen_events WHERE payload IS NOT NULL ORDER BY seq');
      return rows.length === INBOX_MEMBER_LIMIT + 2 ? rows.map((row) => row.mode) : null;
    }, 'every message in the inbox', 10_000);
    expect(modes).toEqual([...Array<string>(INBOX_MEMBER_LIMIT).fill('full'), 'overflow', 'overflow']);

    // The spam past the cap is still moderated (deleted) once the conversation runs again…
    await waitFor(async () => (await messageDeletes(channelId, spamOverCap.id)).length > 0, 'the deletion of the spam past the cap', 20_000);
    // …every message under the cap is answered once, and the clean message past the cap is not answered.
    for (const message of queued) expect(await acceptedRepliesTo(message.id)).toHaveLength(1);
    expect(await repliesTo(overCap.id)).toHaveLength(0);
    expect(await repliesTo(spamOverCap.id)).toHaveLength(0);
    // Ten answers in one channel meet Discord's 5-per-5-s channel limit (parked twice), hence the longer timeout.
  }, 40_000);
});
