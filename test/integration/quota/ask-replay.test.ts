// A replayed signed `/ask` (the same request posted again while its signature is still accepted) is never
// handled twice, even after the inbox's count-bounded memory of event ids has turned over.

import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { actorSql, deliverInteraction, followUps, guildWithKnowledge, settle, signInteraction, TEST_BOT, usageOf, waitForFollowUp } from '../support';

describe('replayed /ask', () => {
  it('is handled once, also after seen_events forgot it', async () => {
    const guild = await guildWithKnowledge('Ask Replay Guild');
    const user = { id: '200000000000009301', username: 'replayer' };
    const signed = await signInteraction({ guild, user, question: 'how do refunds work?' });
    expect((await deliverInteraction(signed)).json).toEqual({ type: 5 });
    await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token);

    // A busy guild turns seen_events over within minutes (it keeps a count of ids, not a time).
    await actorSql(guild.id, 'DELETE FROM seen_events');
    const replay = await SELF.fetch('http://herald.test/discord/interactions', { method: 'POST', headers: signed.headers, body: signed.body });
    expect(replay.status).toBe(200);
    await replay.body?.cancel();

    // A later /ask of the same member runs after anything the replay could have queued (one conversation, in order).
    const marker = await signInteraction({ guild, user, question: 'what is the refund window?' });
    expect((await deliverInteraction(marker)).json).toEqual({ type: 5 });
    await waitForFollowUp(TEST_BOT.applicationId, marker.interaction.token);
    await settle();

    expect(await followUps(TEST_BOT.applicationId, signed.interaction.token)).toHaveLength(1);
    expect((await usageOf(guild.id)).byKind.answer).toBe(2);
  });
});
