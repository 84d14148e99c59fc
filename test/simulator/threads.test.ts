// Threads and forums as Discord has them: forum posts (thread id = first message id), events in Discord's order,
// threads from messages, private-thread visibility, archive/lock rules, tags, and thread permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator } from '../../scripts/discord-simulator/index.js';
import { json, RawGateway, type Frame } from './helpers.js';

interface Thread {
  id: string;
  type: number;
  parent_id: string;
  owner_id: string;
  name: string;
  applied_tags?: string[];
  member_count: number;
  message_count: number;
  thread_metadata: { archived: boolean; locked: boolean; auto_archive_duration: number; invitable?: boolean; create_timestamp: string };
  newly_created?: boolean;
  message?: { id: string; content: string };
}

describe('threads and forums', () => {
  let sim: DiscordSimulator;
  let gw: RawGateway;
  const api = <T = { code: number }>(path: string, init: { method?: string; body?: unknown } = {}) =>
    json<T>(`${sim.apiBase}${path}`, { token: DEFAULT_BOT.token, ...init });
  const ctl = <T = { error: string }>(path: string, body: unknown, method = 'POST') => json<T>(`${sim.url}${path}`, { method, body, token: null });

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 60_000, rateLimit: { limit: 1000, windowMs: 1000 } });
    gw = await RawGateway.open(`${sim.gatewayUrl}?v=10&encoding=json`);
    await gw.op(10);
    gw.identify(DEFAULT_BOT.token, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent);
    await gw.dispatch('READY');
  });
  afterAll(async () => {
    await gw.close();
    await sim.close();
  });

  function setup(name: string) {
    const guild = sim.addGuild({
      name,
      channels: [{ name: 'general' }, { name: 'help', type: 15, tags: [{ name: 'Bug' }, { name: 'Solved', moderated: true, emoji: '✅' }] }],
    });
    const [general, forum] = guild.channels;
    if (!general || !forum || !('available_tags' in forum)) throw new Error('setup failed');
    return { guild, general, forum };
  }

  it('a forum post is a thread whose first message has its id: THREAD_CREATE (newly_created), then MESSAGE_CREATE', async () => {
    const { guild, forum } = setup('forum-post');
    const created = await gw.dispatch('GUILD_CREATE');
    expect((created.d as { channels: { type: number }[] }).channels.map((c) => c.type)).toEqual([0, 15]);
    const post = await ctl<{ thread: Thread; message: { id: string; channel_id: string; position: number } }>('/_sim/forum-posts', {
      channelId: forum.id,
      user: { username: 'alice' },
      title: 'App crashes on start',
      content: 'It crashes when I open it.',
      tags: ['Bug'],
    });
    expect(post.status).toBe(200);
    const { thread, message } = post.body;
    expect(message.id).toBe(thread.id);
    expect(message.channel_id).toBe(thread.id);
    expect(message.position).toBe(0);
    expect(thread).toMatchObject({ type: 11, parent_id: forum.id, name: 'App crashes on start', applied_tags: [forum.available_tags[0]?.id] });
    const events: Frame[] = [await gw.dispatch('THREAD_CREATE'), await gw.dispatch('MESSAGE_CREATE')];
    expect((events[0]?.s ?? 0) < (events[1]?.s ?? 0)).toBe(true);
    expect(events[0]?.d).toMatchObject({ id: thread.id, newly_created: true, guild_id: guild.id, thread_metadata: { archived: false } });
    expect(events[1]?.d).toMatchObject({ id: thread.id, channel_id: thread.id, content: 'It crashes when I open it.', position: 0 });
    // Forums can be added later too, with tags; other channel types are refused.
    const added = await ctl<{ id: string; type: number; available_tags: { name: string; moderated: boolean }[] }>(`/_sim/guilds/${guild.id}/channels`, {
      name: 'ideas',
      type: 15,
      tags: [{ name: 'Feature', moderated: true }],
    });
    expect(added.body).toMatchObject({ type: 15, available_tags: [{ name: 'Feature', moderated: true }] });
    expect((await gw.dispatch('CHANNEL_CREATE')).d).toMatchObject({ id: added.body.id, type: 15 });
    expect((await ctl(`/_sim/guilds/${guild.id}/channels`, { name: 'voice', type: 2 })).status).toBe(400);
    // A forum takes posts, never plain messages.
    expect((await api(`/channels/${forum.id}/messages`, { method: 'POST', body: { content: 'hi' } })).body.code).toBe(50008);
    expect((await ctl('/_sim/messages', { guildId: guild.id, channelId: forum.id, author: { username: 'alice' }, content: 'hi' })).status).toBe(400);
  });

  it('the bot posts in a forum (message + applied_tags, at most 5, known ones) and replies in the thread', async () => {
    const { forum } = setup('bot-post');
    const tooMany = await api(`/channels/${forum.id}/threads`, { method: 'POST', body: { name: 'x', message: { content: 'y' }, applied_tags: ['1', '2', '3', '4', '5', '6'] } });
    expect(tooMany.status).toBe(400);
    const unknown = await api(`/channels/${forum.id}/threads`, { method: 'POST', body: { name: 'x', message: { content: 'y' }, applied_tags: ['123'] } });
    expect(unknown.body.code).toBe(50035);
    expect((await api(`/channels/${forum.id}/threads`, { method: 'POST', body: { name: 'x' } })).body.code).toBe(50035);
    const made = await api<Thread>(`/channels/${forum.id}/threads`, { method: 'POST', body: { name: 'Bot post', message: { content: 'Hello' } } });
    expect(made.status).toBe(201);
    expect(made.body.message?.id).toBe(made.body.id);
    const reply = await api<{ channel_id: string; position: number }>(`/channels/${made.body.id}/messages`, { method: 'POST', body: { content: 'again' } });
    expect(reply.body).toMatchObject({ channel_id: made.body.id, position: 1 });
    // Discord's message_count leaves out the post's first message.
    const fetched = await api<Thread>(`/channels/${made.body.id}`);
    expect(fetched.body.message_count).toBe(1);
  });

  it('starts a thread from a message (same id, HAS_THREAD on the message) once, named 1-100 characters', async () => {
    const { guild, general } = setup('from-message');
    const said = sim.memberSays({ guildId: guild.id, channelId: general.id, author: { username: 'bob' }, content: 'How do I reset?' });
    expect((await api(`/channels/${general.id}/messages/${said.id}/threads`, { method: 'POST', body: { name: 'x'.repeat(101) } })).body.code).toBe(50035);
    const started = await api<Thread>(`/channels/${general.id}/messages/${said.id}/threads`, { method: 'POST', body: { name: 'How do I reset?', auto_archive_duration: 60 } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ id: said.id, type: 11, parent_id: general.id, owner_id: DEFAULT_BOT.userId, thread_metadata: { auto_archive_duration: 60 } });
    const again = await api(`/channels/${general.id}/messages/${said.id}/threads`, { method: 'POST', body: { name: 'again' } });
    expect(again.body.code).toBe(160004);
    const starter = sim.messages(general.id).find((m) => m.id === said.id);
    expect(starter?.thread?.id).toBe(said.id);
    expect((starter?.flags ?? 0) & 32).toBe(32);
    // The thread opens with a THREAD_STARTER_MESSAGE pointing at the original message.
    expect(sim.messages(said.id)[0]).toMatchObject({ type: 21, message_reference: { message_id: said.id, channel_id: general.id } });
    // A member answers in the thread: MESSAGE_CREATE with channel_id = thread id; the member joined it.
    const inThread = sim.memberSays({ guildId: guild.id, channelId: said.id, author: { username: 'carol' }, content: 'me too' });
    const event = await gw.next((f) => f.t === 'MESSAGE_CREATE' && (f.d as { id: string }).id === inThread.id);
    expect(event.d).toMatchObject({ channel_id: said.id, guild_id: guild.id });
    const view = await json<{ memberIds: string[] }>(`${sim.url}/_sim/threads/${said.id}`);
    expect(view.body.memberIds).toContain(inThread.author.id);
  });

  it('a private thread is seen only by its members and thread moderators; the bot is told when added', async () => {
    const { guild, general } = setup('private');
    const alice = sim.addMember(guild.id, { username: 'alice' });
    // The bot manages threads by default; without Manage Threads it cannot see a private thread it is not in.
    const botRole = sim.state().guilds.find((g) => g.id === guild.id)?.roles.find((r) => r.tags?.bot_id === DEFAULT_BOT.userId);
    const granted = botRole?.permissions ?? '0';
    sim.editRole(guild.id, botRole?.id ?? '', { permissions: (BigInt(granted) & ~PermissionFlagsBits.ManageThreads).toString() });
    const made = await ctl<Thread>('/_sim/threads', { channelId: general.id, user: { id: alice.user.id, username: 'alice' }, name: 'secret', type: 12 });
    expect(made.status).toBe(200);
    expect((await api(`/channels/${made.body.id}`)).body.code).toBe(50001);
    expect((await api(`/channels/${made.body.id}/messages`, { method: 'POST', body: { content: 'hi' } })).body.code).toBe(50001);
    // A member outside the thread cannot post in it; adding the bot sends it THREAD_CREATE with its membership.
    expect((await ctl('/_sim/messages', { guildId: guild.id, channelId: made.body.id, author: { username: 'mallory' }, content: 'hi' })).status).toBe(403);
    expect((await ctl(`/_sim/threads/${made.body.id}/members/${DEFAULT_BOT.userId}`, {}, 'PUT')).status).toBe(200);
    const created = await gw.next((f) => f.t === 'THREAD_CREATE' && (f.d as Thread).id === made.body.id);
    expect(created.d).toMatchObject({ type: 12, member: { user_id: DEFAULT_BOT.userId } });
    expect((created.d as Thread).newly_created).toBeUndefined();
    expect((await api(`/channels/${made.body.id}/messages`, { method: 'POST', body: { content: 'hi' } })).status).toBe(200);
    // The bot can create private threads and add members to them.
    const own = await api<Thread>(`/channels/${general.id}/threads`, { method: 'POST', body: { name: 'ticket', type: 12, invitable: false } });
    expect(own.body).toMatchObject({ type: 12, thread_metadata: { invitable: false } });
    // Not invitable: only thread moderators add people.
    expect((await api(`/channels/${own.body.id}/thread-members/${alice.user.id}`, { method: 'PUT' })).body.code).toBe(50013);
    sim.editRole(guild.id, botRole?.id ?? '', { permissions: granted });
    expect((await api(`/channels/${own.body.id}/thread-members/${alice.user.id}`, { method: 'PUT' })).status).toBe(204);
    expect((await api<{ user_id: string }[]>(`/channels/${own.body.id}/thread-members`)).body.map((m) => m.user_id)).toEqual([DEFAULT_BOT.userId, alice.user.id]);
  });

  it('an archived thread reopens on a message; a locked one refuses without Manage Threads; tags need the forum', async () => {
    const { guild, general, forum } = setup('archive');
    const post = await api<Thread>(`/channels/${forum.id}/threads`, { method: 'POST', body: { name: 'Q', message: { content: 'q' } } });
    const solved = forum.available_tags[1]?.id ?? '';
    const tagged = await api<Thread>(`/channels/${post.body.id}`, { method: 'PATCH', body: { applied_tags: [solved] } });
    expect(tagged.body.applied_tags).toEqual([solved]);
    expect((await gw.next((f) => f.t === 'THREAD_UPDATE' && (f.d as Thread).id === post.body.id)).d).toMatchObject({ applied_tags: [solved] });
    const archived = await api<Thread>(`/channels/${post.body.id}`, { method: 'PATCH', body: { archived: true } });
    expect(archived.body.thread_metadata.archived).toBe(true);
    // Nothing but unarchiving changes an archived thread.
    expect((await api(`/channels/${post.body.id}`, { method: 'PATCH', body: { name: 'new' } })).body.code).toBe(50083);
    sim.memberSays({ guildId: guild.id, channelId: post.body.id, author: { username: 'dave' }, content: 'still broken' });
    expect((await api<Thread>(`/channels/${post.body.id}`)).body.thread_metadata.archived).toBe(false);
    await api(`/channels/${post.body.id}`, { method: 'PATCH', body: { archived: true, locked: true } });
    expect((await ctl('/_sim/messages', { guildId: guild.id, channelId: post.body.id, author: { username: 'dave' }, content: 'hello?' })).status).toBe(400);
    const thread = await ctl<Thread>('/_sim/threads', { channelId: general.id, user: { username: 'erin' }, name: 'plain' });
    expect((await api(`/channels/${thread.body.id}`, { method: 'PATCH', body: { applied_tags: [solved] } })).body.code).toBe(50035);
  });

  it('thread permissions come from the parent: no Send Messages in Threads, no message; no Create Public Threads, no thread', async () => {
    const { guild, general } = setup('perms');
    const said = sim.memberSays({ guildId: guild.id, channelId: general.id, author: { username: 'frank' }, content: 'question' });
    const thread = await api<Thread>(`/channels/${general.id}/messages/${said.id}/threads`, { method: 'POST', body: { name: 'question' } });
    sim.setOverwrite(general.id, DEFAULT_BOT.userId, { type: 1, deny: String(PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.CreatePublicThreads) });
    expect((await api(`/channels/${thread.body.id}/messages`, { method: 'POST', body: { content: 'x' } })).body.code).toBe(50013);
    const other = sim.memberSays({ guildId: guild.id, channelId: general.id, author: { username: 'frank' }, content: 'another' });
    expect((await api(`/channels/${general.id}/messages/${other.id}/threads`, { method: 'POST', body: { name: 'n' } })).body.code).toBe(50013);
    // Sending in the parent channel itself still works.
    expect((await api(`/channels/${general.id}/messages`, { method: 'POST', body: { content: 'ok' } })).status).toBe(200);
    // GET /guilds/:id/threads/active and GUILD_CREATE list the active threads the bot can see.
    const active = await api<{ threads: Thread[]; members: { user_id: string }[] }>(`/guilds/${guild.id}/threads/active`);
    expect(active.body.threads.map((t) => t.id)).toEqual([thread.body.id]);
    expect(active.body.members.map((m) => m.user_id)).toEqual([DEFAULT_BOT.userId]);
    const state = sim.state().guilds.find((g) => g.id === guild.id);
    expect(state?.threads.map((t) => t.id)).toContain(thread.body.id);
  });
});
