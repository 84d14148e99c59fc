// A real discord.js client sees a button click from the simulator the way it does from Discord when the
// application has no interactions endpoint URL: an INTERACTION_CREATE on its gateway (interactionCreate with a
// ButtonInteraction), and its reply through the interaction callback shows as an ephemeral message.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, Client, Events, GatewayIntentBits, MessageFlags, type ButtonInteraction, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';
import { json } from './helpers.js';

describe('discord.js sees button clicks', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let client: Client | undefined;

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000 });
    guild = sim.addGuild({ name: 'button guild' });
  });
  afterAll(async () => {
    await client?.destroy();
    await sim.close();
  });

  it('receives interactionCreate for a click on its button and replies ephemerally', async () => {
    client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages], rest: { api: `${sim.url}/api` } });
    const ready = new Promise<void>((resolve) => client?.once(Events.ClientReady, () => resolve()));
    await client.login(DEFAULT_BOT.token);
    await ready;
    const channel = (await client.channels.fetch(guild.channels[0]!.id)) as TextChannel;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('herald:vote:up:1').setLabel('Yes').setStyle(ButtonStyle.Primary));
    const sent = await channel.send({ content: 'Helpful?', components: [row] });

    const clicked = new Promise<ButtonInteraction>((resolve) =>
      client?.on(Events.InteractionCreate, (interaction) => {
        if (interaction.isButton()) resolve(interaction);
      }),
    );
    await sim.createInteraction({ guildId: guild.id, channelId: channel.id, user: { username: 'erin' }, component: { messageId: sent.id, customId: 'herald:vote:up:1' }, gateway: true });
    const interaction = await clicked;
    expect(interaction.customId).toBe('herald:vote:up:1');
    expect(interaction.message.id).toBe(sent.id);
    expect(interaction.user.username).toBe('erin');
    await interaction.reply({ content: 'Thanks!', flags: MessageFlags.Ephemeral });

    const messages = await json<{ content: string; flags?: number }[]>(`${sim.url}/_sim/channels/${channel.id}/messages`);
    expect(messages.body.find((m) => m.content === 'Thanks!')?.flags).toBe(64);
  });
});
