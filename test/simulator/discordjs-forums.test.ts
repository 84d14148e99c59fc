// A real discord.js client sees the simulator's forum posts and threads the way it sees Discord's: threadCreate
// (newly created) for a post, messageCreate inside it, and a reply that lands in the thread.
import { ChannelType, Client, Events, GatewayIntentBits, type AnyThreadChannel, type Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';

describe('discord.js sees forums and threads', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let client: Client | undefined;

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000 });
    guild = sim.addGuild({ name: 'forum guild', channels: [{ name: 'general' }, { name: 'help', type: 15, tags: [{ name: 'Solved' }] }] });
  });

  afterAll(async () => {
    await client?.destroy();
    await sim.close();
  });

  it('receives threadCreate and messageCreate for a forum post and replies in its thread', async () => {
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      rest: { api: `${sim.url}/api` },
    });
    const ready = new Promise<void>((resolve) => client?.once(Events.ClientReady, () => resolve()));
    await client.login(DEFAULT_BOT.token);
    await ready;
    const forumId = guild.channels[1]?.id ?? '';
    const forum = client.channels.cache.get(forumId);
    expect(forum?.type).toBe(ChannelType.GuildForum);
    expect(forum && 'availableTags' in forum ? forum.availableTags.map((t) => t.name) : []).toEqual(['Solved']);

    const threadCreated = new Promise<{ thread: AnyThreadChannel; newly: boolean }>((resolve) =>
      client?.once(Events.ThreadCreate, (thread, newly) => resolve({ thread, newly })),
    );
    const received = new Promise<Message>((resolve) => client?.once(Events.MessageCreate, resolve));
    const post = sim.forumPost({ channelId: forumId, user: { username: 'alice' }, title: 'Login fails', content: 'I cannot log in.' });

    const { thread, newly } = await threadCreated;
    expect(newly).toBe(true);
    expect(thread.id).toBe(post.thread.id);
    expect(thread.parentId).toBe(forumId);
    expect(thread.name).toBe('Login fails');
    expect(thread.type).toBe(ChannelType.PublicThread);

    const message = await received;
    expect(message.id).toBe(thread.id);
    expect(message.channelId).toBe(thread.id);
    expect(message.channel.isThread()).toBe(true);
    expect(message.content).toBe('I cannot log in.');
    // discord.js resolves the post's starter message from the thread (same id).
    expect((await thread.fetchStarterMessage())?.content).toBe('I cannot log in.');

    const reply = await message.reply('Try resetting your password.');
    expect(reply.channelId).toBe(thread.id);
    expect(sim.messages(thread.id).map((m) => m.content)).toEqual(['I cannot log in.', 'Try resetting your password.']);
    expect(sim.calls({ method: 'POST', path: `/channels/${thread.id}/messages` })).toHaveLength(1);

    // A follow-up by another member arrives in the same thread.
    const followUp = new Promise<Message>((resolve) => client?.once(Events.MessageCreate, resolve));
    sim.memberSays({ guildId: guild.id, channelId: thread.id, author: { username: 'bob' }, content: 'Same here' });
    expect((await followUp).channelId).toBe(thread.id);

    // The client starts a thread from a member's message in a text channel.
    const generalId = guild.channels[0]?.id ?? '';
    const asked = new Promise<Message>((resolve) => client?.once(Events.MessageCreate, resolve));
    sim.memberSays({ guildId: guild.id, channelId: generalId, author: { username: 'carol' }, content: 'How do I export?' });
    const question = await asked;
    const started = await question.startThread({ name: 'How do I export?' });
    expect(started.id).toBe(question.id);
    await started.send('Here is how.');
    expect(sim.messages(started.id).at(-1)?.content).toBe('Here is how.');
  });
});
