// Like Discord, the simulator closes the gateway with 4014 when IDENTIFY asks for a privileged intent the
// application's flags do not allow; with the flag (full or _LIMITED) READY comes, carrying the flags.
import { ApplicationFlags, GatewayIntentBits as I, GatewayOpcodes as Op } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordSimulator, type DiscordSimulator, type SimBot } from '../../scripts/discord-simulator/index.js';
import { json, RawGateway } from './helpers.js';

const NO_FLAGS: SimBot = { token: 'no-flags-token', applicationId: '100000000000000011', userId: '100000000000000011', username: 'NoFlags', flags: 0 };
const CONTENT_ONLY: SimBot = {
  token: 'content-token',
  applicationId: '100000000000000012',
  userId: '100000000000000012',
  username: 'Content',
  flags: ApplicationFlags.GatewayMessageContentLimited,
};

describe('privileged intents', () => {
  let sim: DiscordSimulator;
  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000, bots: [NO_FLAGS, CONTENT_ONLY] });
  });
  afterAll(() => sim.close());

  async function identify(bot: SimBot, intents: number): Promise<RawGateway> {
    const gw = await RawGateway.open(`${sim.gatewayUrl}?v=10&encoding=json`);
    await gw.op(Op.Hello);
    gw.identify(bot.token, intents);
    return gw;
  }

  it('closes 4014 for MESSAGE_CONTENT or GUILD_MEMBERS without the application flag', async () => {
    expect((await (await identify(NO_FLAGS, I.Guilds | I.MessageContent)).closed).code).toBe(4014);
    expect((await (await identify(CONTENT_ONLY, I.Guilds | I.MessageContent | I.GuildMembers)).closed).code).toBe(4014);
  });

  it('accepts non-privileged intents without flags, and a privileged one with its _LIMITED flag', async () => {
    const plain = await identify(NO_FLAGS, I.Guilds | I.GuildMessages);
    expect((await plain.dispatch('READY')).d).toMatchObject({ application: { id: NO_FLAGS.applicationId, flags: 0 } });
    await plain.close();
    const content = await identify(CONTENT_ONLY, I.Guilds | I.MessageContent);
    expect((await content.dispatch('READY')).d).toMatchObject({ application: { flags: ApplicationFlags.GatewayMessageContentLimited } });
    await content.close();
  });

  it('reports the flags and the interactions endpoint in GET /applications/@me', async () => {
    const app = await json<{ flags: number; interactions_endpoint_url: string | null }>(`${sim.apiBase}/applications/@me`, { token: CONTENT_ONLY.token });
    expect(app.body).toMatchObject({ flags: ApplicationFlags.GatewayMessageContentLimited, interactions_endpoint_url: null });
  });
});
