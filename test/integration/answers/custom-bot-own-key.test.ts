// Each Discord application has its own interaction key (the simulator signs that way too): a custom bot saved
// with the shared application's key is refused. (custom-bot.test.ts proves interactions are verified with the
// custom application's own key.)

import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { api, createGuild, CUSTOM_BOT } from '../support';

describe("a custom bot's own key", () => {
  it("refuses the shared application's key for the custom application, saving nothing", async () => {
    const guild = await createGuild('Own Key Guild');
    const customBot = { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorPublicKey'), botToken: CUSTOM_BOT.token };
    const response = await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { customBot } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'customBot.publicKey' });
  });
});
