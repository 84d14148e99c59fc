// A custom application's key only reaches the guilds that chose it: an interaction it signs for another
// guild is refused at the Worker and never reaches that guild's actor: nothing is queued in its inbox, no
// follow-up is ever posted, and nothing is counted.

import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { actorSql, api, createGuild, CUSTOM_BOT, deliverInteraction, followUps, signInteraction } from '../support';

describe('a custom application and a guild that did not choose it', () => {
  it('is answered with an ephemeral refusal and nothing is queued', async () => {
    const owner = await createGuild('Custom Owner Guild');
    const victim = await createGuild('Custom Victim Guild');
    const customBot = { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorCustomBotPublicKey'), botToken: CUSTOM_BOT.token };
    expect((await api(`/api/guilds/${owner.id}/settings`, { method: 'PATCH', body: { customBot } })).status).toBe(200);

    const signed = await signInteraction({ guild: victim, question: 'what is in your knowledge base?', applicationId: CUSTOM_BOT.applicationId });
    const delivered = await deliverInteraction(signed, `/discord/interactions/${CUSTOM_BOT.applicationId}`);
    expect(delivered.status).toBe(200);
    expect(delivered.json).toMatchObject({ type: 4, data: { flags: 64 } });

    // Nothing was queued for the victim's actor: no inbox row, no interaction event ever seen.
    expect(await actorSql(victim.id, 'SELECT event_id FROM seen_events WHERE payload IS NOT NULL')).toEqual([]);
    expect(await actorSql(victim.id, "SELECT event_id FROM seen_events WHERE event_id LIKE 'interaction:%'")).toEqual([]);
    expect(await followUps(CUSTOM_BOT.applicationId, signed.interaction.token)).toEqual([]);
    const usage = await (await api(`/api/guilds/${victim.id}/usage`)).json<{ used: number }>();
    expect(usage.used).toBe(0);
    await api(`/api/guilds/${owner.id}/settings`, { method: 'PATCH', body: { customBot: null } });
  });
});
