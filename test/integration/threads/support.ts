// Helpers for the thread and forum tests: guilds with a forum, forum posts and threads made by members.

import type { APIMessage } from 'discord-api-types/v10';
import { calls, sim, waitFor, type RecordedCall, type SimGuildInfo } from '../support';

export interface ForumGuild extends SimGuildInfo {
  general: string;
  forum: string;
  tags: { id: string; name: string }[];
}

export interface SimThread {
  id: string;
  parent_id: string;
  name: string;
}

export async function forumGuild(name: string, extraChannels: { name: string; type?: 0 | 15 }[] = []): Promise<ForumGuild> {
  const guild = await sim<SimGuildInfo & { channels: { id: string; name: string; available_tags?: { id: string; name: string }[] }[] }>('/_sim/guilds', {
    body: { name, channels: [{ name: 'general' }, { name: 'help', type: 15, tags: [{ name: 'Solved' }] }, ...extraChannels] },
  });
  return { ...guild, general: guild.channels[0]!.id, forum: guild.channels[1]!.id, tags: guild.channels[1]!.available_tags ?? [] };
}

export function forumPost(forumId: string, title: string, content: string, user = { id: '200000000000012001', username: 'poster' }): Promise<{ thread: SimThread; message: APIMessage }> {
  return sim('/_sim/forum-posts', { body: { channelId: forumId, user, title, content } });
}

export function memberStartsThread(channelId: string, name: string, user = { id: '200000000000012002', username: 'starter' }): Promise<SimThread> {
  return sim('/_sim/threads', { body: { channelId, user, name, type: 11 } });
}

/** Accepted (2xx) bot messages POSTed to `channelId`. */
export async function postedIn(channelId: string): Promise<RecordedCall[]> {
  return (await calls({ method: 'POST', path: `/channels/${channelId}/messages` })).filter((call) => call.path === `/channels/${channelId}/messages` && call.status < 300);
}

export async function firstPostIn(channelId: string): Promise<{ content: string; message_reference?: { message_id: string } }> {
  const [call] = await waitFor(async () => {
    const posted = await postedIn(channelId);
    return posted.length > 0 ? posted : null;
  }, `a bot message in ${channelId}`, 15_000);
  return call!.body as { content: string; message_reference?: { message_id: string } };
}
