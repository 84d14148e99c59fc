// A signed `/ask` whose guild, channel or user id is not a snowflake ("abc", true) is refused with 400 naming
// the field, before any actor is touched: no GuildActor is created under a junk name. A missing guild_id is
// the plain "use /ask inside a server" message.

import { env, listDurableObjectIds, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuild, sim, signInteraction, type SimGuildInfo } from '../support';

type Body = Record<string, unknown> & { channel: Record<string, unknown>; member?: { user: Record<string, unknown> } };

async function postSigned(body: unknown): Promise<{ status: number; json: { error?: string; field?: string; data?: { content?: string } } }> {
  const signed = await sim<{ body: string; headers: Record<string, string> }>('/_sim/interactions/sign', { body: { body: JSON.stringify(body) } });
  const response = await SELF.fetch('http://herald.test/discord/interactions', { method: 'POST', headers: signed.headers, body: signed.body });
  return { status: response.status, json: await response.json() };
}

async function guildActorIds(): Promise<string[]> {
  return (await listDurableObjectIds(env.GUILD_ACTOR)).map((id) => id.toString()).sort();
}

describe('/ask with junk ids', () => {
  let guild: SimGuildInfo;
  let valid: Body;

  beforeAll(async () => {
    guild = await createGuild('Ask Junk Ids Guild');
    valid = JSON.parse((await signInteraction({ guild, question: 'how do refunds work?' })).body) as Body;
  });

  it.each([
    ['guild_id', 'abc', (b: Body, v: unknown) => ({ ...b, guild_id: v })],
    ['guild_id', true, (b: Body, v: unknown) => ({ ...b, guild_id: v })],
    ['channel.id', 'general', (b: Body, v: unknown) => ({ ...b, channel: { ...b.channel, id: v } })],
    ['member.user.id', 'someone', (b: Body, v: unknown) => ({ ...b, member: { ...b.member, user: { ...b.member?.user, id: v } } })],
  ])('%s = %j is a 400 naming the field, and creates no GuildActor', async (field, junk, mutate) => {
    const before = await guildActorIds();
    const { status, json } = await postSigned(mutate(valid, junk));
    expect(status, JSON.stringify(json)).toBe(400);
    expect(json.field).toBe(field);
    expect(await guildActorIds()).toEqual(before);
  });

  it('a missing guild_id gets the ephemeral "inside a server" message', async () => {
    const { guild_id: _omitted, ...dm } = valid;
    const { status, json } = await postSigned(dm);
    expect(status).toBe(200);
    expect(json.data?.content).toMatch(/inside a server/);
  });
});
