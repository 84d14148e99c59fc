// Discord's 3-second deadline is the simulator's, not the test's: an /ask whose deferred response reaches
// Discord after 3 s is refused (10062), and its follow-up webhook never accepts Herald's answer.

import { describe, expect, it } from 'vitest';
import { calls, createGuild, deliverInteraction, followUps, sim, signInteraction, TEST_BOT, waitFor } from '../support';

describe('an /ask acknowledged too late', () => {
  it('is refused by Discord with 10062 and gets no follow-up', async () => {
    const guild = await createGuild('Late Ack Guild');
    const signed = await signInteraction({ guild, question: 'how do refunds work?' });
    // As if the request had spent 3 s on its way: the simulator counts the deadline from its creation.
    await sim(`/_sim/interactions/${signed.interaction.id}/age`, { body: { ms: 3_001 } });
    await expect(deliverInteraction(signed)).rejects.toThrow(/10062/);

    const path = `/webhooks/${TEST_BOT.applicationId}/${signed.interaction.token}`;
    await waitFor(async () => (await calls({ method: 'POST', path })).some((call) => call.path === path), "Herald's follow-up attempt", 10_000);
    expect(await followUps(TEST_BOT.applicationId, signed.interaction.token)).toEqual([]);
  });
});
