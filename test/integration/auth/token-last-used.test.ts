// A token's lastUsedAt is set when it is used, and written at most once a minute however often it is used.

import { describe, expect, it } from 'vitest';
import { actorSql, api, createGuild } from '../support';

async function lastUsedAt(guildId: string, tokenId: string): Promise<string | null> {
  const { tokens } = await (await api(`/api/guilds/${guildId}/tokens`)).json<{ tokens: { id: string; lastUsedAt: string | null }[] }>();
  return tokens.find((t) => t.id === tokenId)!.lastUsedAt;
}

describe('lastUsedAt', () => {
  it('is recorded on use and rewritten only after a minute', async () => {
    const guild = await createGuild('Token Last Used Guild');
    const { token, id } = await (await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'agent' } })).json<{ token: string; id: string }>();
    expect(await lastUsedAt(guild.id, id)).toBeNull();

    expect((await api(`/api/guilds/${guild.id}/conversations`, { token })).status).toBe(200);
    const first = await lastUsedAt(guild.id, id);
    expect(first).not.toBeNull();

    // Pretend the first use was 30 s ago: a use now does not write (within the minute).
    const thirtySecondsAgo = Date.parse(first!) - 30_000;
    await actorSql(guild.id, 'UPDATE guild_tokens SET last_used_at = ? WHERE id = ?', thirtySecondsAgo, id);
    expect((await api(`/api/guilds/${guild.id}/conversations`, { token })).status).toBe(200);
    expect(await lastUsedAt(guild.id, id)).toBe(new Date(thirtySecondsAgo).toISOString());

    // Once it is older than a minute, the next use writes again.
    const twoMinutesAgo = Date.parse(first!) - 120_000;
    await actorSql(guild.id, 'UPDATE guild_tokens SET last_used_at = ? WHERE id = ?', twoMinutesAgo, id);
    expect((await api(`/api/guilds/${guild.id}/conversations`, { token })).status).toBe(200);
    expect(Date.parse((await lastUsedAt(guild.id, id))!)).toBeGreaterThan(twoMinutesAgo + 60_000);
  });
});
