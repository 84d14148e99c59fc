// send-now for a server Herald is not in: Discord answers 404 Unknown Guild to the channel listing. That is the
// caller's situation, not a server fault: 409 with an error that names the cause, never 502.

import { describe, expect, it } from 'vitest';
import { api, callsTo } from '../support';

describe('POST /api/guilds/:id/proactive/send-now for a guild the bot is not in', () => {
  it('answers 409 naming the cause, after Discord said 404', async () => {
    const guildId = '912345678901234567';
    const response = await api(`/api/guilds/${guildId}/proactive/send-now`, { method: 'POST' });
    const body = await response.json<{ error?: string; posted?: boolean }>();
    expect((await callsTo('GET', `/guilds/${guildId}/channels`)).map((call) => call.status)).toEqual([404]);
    expect(response.status, JSON.stringify(body)).toBe(409);
    expect(body.posted).toBeUndefined();
    expect(body.error).toMatch(/not in this server/);
    expect(body.error).toMatch(/404 Unknown Guild/);
  });
});
