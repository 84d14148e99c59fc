// GET /api/stats/rows: the storage rows an answered mention costs show up in the guild actor's counts (SQL
// cursor rowsRead/rowsWritten; a guild alone counts its quota in its own actor) or, for a guild of an account, in
// the account ledger's too; the gateway shard's are readable, and the route is the operator's alone. (The shard writes its resume point at most once a second: shard-rows-per-event.test.ts.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createGuild, exactReplies, memberSays, startGatewayAndWait, stopGateway, TEST_BOT } from '../support';

interface Counts {
  rowsRead: number;
  rowsWritten: number;
  statements: number;
}

async function shardRows(): Promise<Counts> {
  const response = await api('/api/stats/rows');
  expect(response.status).toBe(200);
  return ((await response.json()) as { total: Counts }).total;
}

async function guildRows(guildId: string): Promise<{ guild: Counts; ledger: { name: string; rows: Counts } | null }> {
  const response = await api(`/api/stats/rows?guildId=${guildId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { guild: Counts; ledger: { name: string; rows: Counts } | null };
}

describe('storage row counts', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('counts the rows an answered mention reads and writes in the guild actor, its quota included', async () => {
    const guild = await createGuild('Row Stats Guild');
    await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Hours', content: 'Support hours are 9 to 5 on weekdays.' } });
    const shardBefore = await shardRows();
    const guildBefore = await guildRows(guild.id);

    const question = await memberSays(guild, `<@${TEST_BOT.userId}> what are the support hours?`);
    await exactReplies(guild, question);

    const shardAfter = await shardRows();
    const guildAfter = await guildRows(guild.id);
    expect(shardAfter.statements).toBeGreaterThanOrEqual(shardBefore.statements);
    expect(guildAfter.guild.rowsWritten).toBeGreaterThan(guildBefore.guild.rowsWritten);
    // The knowledge search reads passages.
    expect(guildAfter.guild.rowsRead).toBeGreaterThan(guildBefore.guild.rowsRead);
    expect(guildAfter.guild.statements).toBeGreaterThan(guildBefore.guild.statements);
    // Alone, the guild counts its quota in its own actor: no ledger object.
    expect(guildAfter.ledger).toBeNull();
  });

  it("shows the account ledger's rows for a guild of an account", async () => {
    const guild = await createGuild('Row Stats Account Guild');
    await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { accountId: 'row-stats-account' } });
    await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Hours', content: 'Support hours are 9 to 5 on weekdays.' } });
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> what are the support hours?`);
    await exactReplies(guild, question);
    const before = await guildRows(guild.id);
    expect(before.ledger?.name).toBe('account:row-stats-account');
    const again = await memberSays(guild, `<@${TEST_BOT.userId}> and the support hours on weekdays?`);
    await exactReplies(guild, again);
    const after = await guildRows(guild.id);
    expect(after.ledger!.rows.rowsWritten).toBeGreaterThan(before.ledger!.rows.rowsWritten);
  });

  it('refuses a guild token (operator only) and a malformed guild id', async () => {
    const guild = await createGuild('Row Stats Token Guild');
    const minted = await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'admin' } });
    const { token } = (await minted.json()) as { token: string };
    expect((await api('/api/stats/rows', { token })).status).toBe(403);
    expect((await api(`/api/stats/rows?guildId=${guild.id}`, { token })).status).toBe(403);
    const bad = await api('/api/stats/rows?guildId=nope');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'guildId' });
    expect((await api('/api/stats/rows', { token: null })).status).toBe(401);
  });
});
