// autoThread: Herald answers a question in a text channel inside a new thread started from the question.
// A refusal (missing Create Public Threads, a channel that takes no threads…) is returned with Discord's
// outcome so the caller logs it and answers in the channel instead.

import { DiscordApiError } from '../discord/rest';
import type { GuildDiscord } from '../guild/discord-output';
import { log } from '../log';
import type { ThreadInfo } from './place';
import { threadInfoOf } from './thread-directory';

/** Threads Herald opens archive after a day without messages (Discord's 1440-minute option). */
export const AUTO_THREAD_ARCHIVE_MINUTES = 1440;
/** Discord: "A thread has already been created for this message" (an earlier attempt of this event made it). */
const THREAD_ALREADY_CREATED = 160004;

export type ThreadOpening = { ok: true; thread: ThreadInfo } | { ok: false; outcome: string };

export async function openAnswerThread(discord: GuildDiscord, guildId: string, channelId: string, messageId: string, name: string): Promise<ThreadOpening> {
  const rest = discord.rest();
  if (!rest) return { ok: false, outcome: 'no bot token configured' };
  try {
    const channel = await rest.post<unknown>(`/channels/${channelId}/messages/${messageId}/threads`, {
      body: { name, auto_archive_duration: AUTO_THREAD_ARCHIVE_MINUTES },
    });
    const thread = threadInfoOf(channel);
    if (!thread) return { ok: false, outcome: 'Discord returned no thread' };
    return { ok: true, thread };
  } catch (error) {
    if (!(error instanceof DiscordApiError) || error.status < 400 || error.status >= 500 || error.status === 429) throw error;
    if (error.code === THREAD_ALREADY_CREATED) {
      // A thread started from a message has the message's id.
      return { ok: true, thread: { id: messageId, parentId: channelId, private: false, ownerId: '', name, archived: false } };
    }
    log('GuildActor.autoThread', { guildId, channelId, messageId, outcome: error.outcome });
    return { ok: false, outcome: error.outcome };
  }
}
