// A real discord.js client logs in to the simulator, receives a member's message and replies to it.
import { Client, Events, GatewayIntentBits, type Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';
import { json } from './helpers.js';

describe('discord.js against the simulator', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let client: Client | undefined;

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000 });
    guild = sim.addGuild({ name: 'discord.js guild', channels: [{ name: 'general' }] });
  });

  afterAll(async () => {
    await client?.destroy();
    await sim.close();
  });

  it('logs in, sees the guild, receives a member message and replies to it', async () => {
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      rest: { api: `${sim.url}/api` },
    });
    const ready = new Promise<void>((resolve) => client?.once(Events.ClientReady, () => resolve()));
    await client.login(DEFAULT_BOT.token);
    await ready;

    expect(client.user?.id).toBe(DEFAULT_BOT.userId);
    expect(client.guilds.cache.get(guild.id)?.name).toBe('discord.js guild');
    const channelId = guild.channels[0]?.id ?? '';
    expect(client.channels.cache.has(channelId)).toBe(true);

    const received = new Promise<Message>((resolve) => client?.once(Events.MessageCreate, resolve));
    const posted = await json<{ id: string }>(`${sim.url}/_sim/messages`, {
      body: { guildId: guild.id, channelId, author: { id: '200000000000000001', username: 'alice' }, content: 'ping' },
    });
    expect(posted.status).toBe(200);
    const message = await received;
    expect(message.id).toBe(posted.body.id);
    expect(message.content).toBe('ping');
    expect(message.author.username).toBe('alice');
    expect(message.guildId).toBe(guild.id);

    const reply = await message.reply('pong');
    expect(reply.content).toBe('pong');
    expect(reply.reference?.messageId).toBe(posted.body.id);

    const calls = sim.calls({ method: 'POST', path: `/channels/${channelId}/messages` });
    expect(calls).toHaveLength(1);
    const body = calls[0]?.body as { content: string; message_reference: { message_id: string } };
    expect(body.content).toBe('pong');
    expect(body.message_reference.message_id).toBe(posted.body.id);
    expect(calls[0]?.headers.authorization).toBe(`Bot ${DEFAULT_BOT.token}`);
    expect(sim.calls({ path: '/gateway/bot' })).toHaveLength(1);

    // The bot's own reply is dispatched back over the gateway, as Discord does.
    expect(sim.messages(channelId).map((m) => m.content)).toEqual(['ping', 'pong']);
  });

  it('resumes after op 7 and after a dropped socket without losing messages', async () => {
    if (!client) throw new Error('needs the logged-in client of the previous test');
    const c = client;
    const channelId = guild.channels[0]?.id ?? '';
    for (const action of ['reconnect', 'drop'] as const) {
      const resumed = new Promise<void>((resolve) => c.once(Events.ShardResume, () => resolve()));
      sim.gatewayFault({ action });
      // Posted while the client is reconnecting: must arrive through the RESUME replay.
      const received = new Promise<Message>((resolve) => c.once(Events.MessageCreate, resolve));
      const sent = sim.memberSays({ guildId: guild.id, channelId, author: { id: '200000000000000001', username: 'alice' }, content: `after ${action}` });
      await resumed;
      expect((await received).id).toBe(sent.id);
    }
    const sessions = sim.state().gateway.sessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ connected: true, resumes: 2 });
    expect(sim.state().gateway.identifies).toBe(1);
  });
});
