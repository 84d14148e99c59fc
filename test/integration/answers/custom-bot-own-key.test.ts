// Each Discord application has its own interaction key (the simulator signs that way too): a custom bot saved
// with the shared application's key is refused, and an interaction the shared application signed is refused
// at the custom bot's endpoint.

import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { api, createGuild, CUSTOM_BOT, deliverInteraction, signInteraction } from '../support';

describe("a custom bot's own key", () => {
  it("refuses the shared application's key for the custom application, saving nothing", async () => {
    const guild = await createGuild('Own Key Guild');
    const customBot = { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorPublicKey'), botToken: CUSTOM_BOT.token };
    const response = await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { customBot } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'customBot.publicKey' });
  });

  it("answers 401 at the custom endpoint to an interaction signed with another application's key", async () => {
    const guild = await createGuild('Own Key Signature Guild');
    const customBot = { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorCustomBotPublicKey'), botToken: CUSTOM_BOT.token };
    expect((await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { customBot } })).status).toBe(200);
    try {
      const signed = await signInteraction({ guild, applicationId: CUSTOM_BOT.applicationId, question: 'how do refunds work?' });
      // Same body, signed by the shared application's key instead.
      const forged = await signInteraction({ guild, question: 'how do refunds work?' });
      const headers = { ...signed.headers, 'x-signature-ed25519': forged.headers['x-signature-ed25519']!, 'x-signature-timestamp': forged.headers['x-signature-timestamp']! };
      const delivered = await deliverInteraction({ ...signed, headers }, `/discord/interactions/${CUSTOM_BOT.applicationId}`);
      expect(delivered.status).toBe(401);
      const genuine = await deliverInteraction(signed, `/discord/interactions/${CUSTOM_BOT.applicationId}`);
      expect(genuine.status).toBe(200);
    } finally {
      await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { customBot: null } });
    }
  });
});
