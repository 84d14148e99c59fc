// Only a proactive *post* counts as a message (README "Plans and quota": "each proactive post counts as one
// message"). A send-now that posts nothing, because every candidate would repeat a recent post (409), must
// not use up the guild's quota.

import { beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, api, callsTo, createGuild, patchSettings, usageOf, type SimGuildInfo } from '../support';

describe('a proactive send-now with nothing new to say', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    guild = await createGuild('Proactive Nothing New Guild');
    await addKnowledge(guild.id, { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' });
    await patchSettings(guild.id, { proactive: { channel: 'general', topics: 'refunds' } });
  });

  it('answers 409, posts nothing and counts nothing', async () => {
    const general = guild.channels[0]!.id;
    const first = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
    expect(first.status).toBe(200);
    const afterPost = await usageOf(guild.id);
    expect(afterPost.byKind.proactive).toBe(1);
    const postsAfterFirst = (await callsTo('POST', `/channels/${general}/messages`)).length;

    // The knowledge base has one passage on the only topic, and it was just posted.
    const second = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({ error: expect.stringMatching(/nothing new/i) });
    expect((await callsTo('POST', `/channels/${general}/messages`)).length).toBe(postsAfterFirst);

    const afterNothing = await usageOf(guild.id);
    expect(afterNothing.byKind.proactive).toBe(1);
    expect(afterNothing.used).toBe(afterPost.used);
  });
});
