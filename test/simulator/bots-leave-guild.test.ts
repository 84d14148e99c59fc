// DELETE /_sim/guilds/:gid/bots: the bots leave a guild as when they are removed from it. Their sessions get a
// GUILD_DELETE without `unavailable`, a new IDENTIFY's READY no longer lists the guild, and the bot's REST calls
// on it are refused (50001). The workers projects' setup file relies on this between test files.
import { GatewayIntentBits as I, GatewayOpcodes as Op } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';
import { json, RawGateway } from './helpers.js';

const INTENTS = I.Guilds | I.GuildMessages | I.MessageContent;

describe('bots leave a guild', () => {
  let sim: DiscordSimulator;
  let leaving: GuildSnapshot;
  let staying: GuildSnapshot;
  const sockets: RawGateway[] = [];

  async function ready(): Promise<{ gw: RawGateway; guildIds: string[] }> {
    const gw = await RawGateway.open(sim.gatewayUrl + '?v=10&encoding=json');
    sockets.push(gw);
    await gw.op(Op.Hello);
    gw.identify(DEFAULT_BOT.token, INTENTS);
    const frame = await gw.dispatch('READY');
    return { gw, guildIds: (frame.d as { guilds: { id: string }[] }).guilds.map((guild) => guild.id) };
  }

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 2000 });
    leaving = sim.addGuild({ name: 'leaving' });
    staying = sim.addGuild({ name: 'staying' });
  });

  afterAll(async () => {
    for (const gw of sockets) gw.ws.terminate();
    await sim.close();
  });

  it('sends GUILD_DELETE, drops the guild from READY and refuses the bot on it; other guilds are untouched', async () => {
    const first = await ready();
    expect(first.guildIds.sort()).toEqual([leaving.id, staying.id].sort());

    const left = await json<{ id: string; bots: string[] }>(`${sim.url}/_sim/guilds/${leaving.id}/bots`, { method: 'DELETE' });
    expect(left.status).toBe(200);
    expect(left.body.bots).toEqual([]);

    const deleted = await first.gw.dispatch('GUILD_DELETE');
    expect(deleted.d).toEqual({ id: leaving.id });

    expect((await ready()).guildIds).toEqual([staying.id]);
    const refused = await json<{ code: number }>(`${sim.apiBase}/guilds/${leaving.id}/channels`, { token: DEFAULT_BOT.token });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe(50001);
    expect((await json(`${sim.apiBase}/guilds/${staying.id}/channels`, { token: DEFAULT_BOT.token })).status).toBe(200);
    // The guild itself stays readable for the test that created it.
    expect((await json<{ id: string }>(`${sim.url}/_sim/guilds/${leaving.id}`)).body.id).toBe(leaving.id);
  });

  it('answers 404 for an unknown guild', async () => {
    expect((await json(`${sim.url}/_sim/guilds/999999999999999999/bots`, { method: 'DELETE' })).status).toBe(404);
  });
});
