// memberAnswersPerHour: past the cap a member gets one short notice, then silence for the rest of the hour
// (a `/ask` always gets the notice: Discord shows "thinking…" until it is answered); other members are
// answered as usual, and the capped questions count nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_LIMIT_TEXT } from '../../../src/guild/responder';
import {
  deliverInteraction,
  guildWithKnowledge,
  memberSays,
  patchSettings,
  replyContent,
  repliesTo,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  usageOf,
  waitForFollowUp,
  signInteraction,
  type SimGuildInfo,
} from '../support';

const HEAVY = { userId: '200000000000009401', username: 'heavy-user' };
const OTHER = { userId: '200000000000009402', username: 'other-user' };

describe('per-member hourly cap', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Member Cap Guild');
    expect((await patchSettings(guild.id, { memberAnswersPerHour: 2 })).memberAnswersPerHour).toBe(2);
  });
  afterAll(stopGateway);

  it('answers up to the cap, then one notice, then silence; others are still answered', async () => {
    const ask = (author: typeof HEAVY) => memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, author);
    for (let i = 0; i < 2; i++) expect(await replyContent((await ask(HEAVY)).id)).toContain('Refund');
    expect(await replyContent((await ask(HEAVY)).id)).toBe(MEMBER_LIMIT_TEXT);
    const silenced = await ask(HEAVY);

    // The same member's /ask runs after the silenced message (one conversation, in order) and gets the notice.
    const signed = await signInteraction({ guild, user: { id: HEAVY.userId, username: HEAVY.username }, question: 'how do refunds work?' });
    expect((await deliverInteraction(signed)).json).toEqual({ type: 5 });
    expect(((await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token)).body as { content: string }).content).toBe(MEMBER_LIMIT_TEXT);
    expect(await repliesTo(silenced.id)).toHaveLength(0);

    expect(await replyContent((await ask(OTHER)).id)).toContain('Refund');
    expect((await usageOf(guild.id)).byKind.answer).toBe(3);
  });
});
