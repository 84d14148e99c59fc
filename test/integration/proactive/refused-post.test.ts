// The admin's "send test" must tell the truth: when Discord refuses the proactive post (403 Missing
// Permissions in the channel), send-now must not answer {posted:true}; the status's lastError says what
// happened, and no message is counted.

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, api, callsTo, clearFaults, createGuild, patchSettings, restFault, usageOf, type SimGuildInfo } from '../support';

describe('a proactive post Discord refuses', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    guild = await createGuild('Proactive Refused Guild');
    await addKnowledge(guild.id, { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' });
    await addKnowledge(guild.id, { title: 'Login help', content: 'Reset your password from the sign-in page; the reset link expires after one hour.' });
    await patchSettings(guild.id, { proactive: { channel: 'general', topics: 'refunds, login' } });
  });
  afterEach(clearFaults);

  it('is reported as not posted (an error status) with lastError set, and not counted', async () => {
    const general = guild.channels[0]!.id;
    const path = `/channels/${general}/messages`;
    await restFault({ method: 'POST', path, status: 403, count: 1 });

    const response = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
    const body = await response.json<{ posted?: boolean; error?: string }>();
    // Discord did answer 403 to the post.
    const attempts = await callsTo('POST', path);
    expect(attempts.map((call) => call.status)).toEqual([403]);

    expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
    expect(body.posted).not.toBe(true);
    expect(body.error).toEqual(expect.any(String));
    const status = await (await api(`/api/guilds/${guild.id}/proactive`)).json<{ lastError: string | null; lastPostAt: string | null }>();
    expect(status.lastError).toEqual(expect.any(String));
    expect(status.lastPostAt).toBeNull();
    expect((await usageOf(guild.id)).byKind.proactive).toBe(0);

    // With the permission back, the same content can still be posted (the refused one was not "used up").
    const retry = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
    expect(retry.status).toBe(200);
    expect((await usageOf(guild.id)).byKind.proactive).toBe(1);
  });
});
