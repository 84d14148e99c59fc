// Building the bot's messages: replies reference the member's message, long text is split at 2,000
// characters, and allowed_mentions is always set so nothing a member wrote can ping @everyone, @here or a role.

import type { APIAllowedMentions, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { splitMessage } from './split-message';

/** Pings nobody from the content; only the replied-to member is notified, as a normal reply does. */
export function safeAllowedMentions(userIds: readonly string[] = [], repliedUser = true): APIAllowedMentions {
  return { parse: [], users: [...userIds], replied_user: repliedUser };
}

export interface ReplyTarget {
  messageId: string;
  channelId: string;
  guildId: string;
}

/**
 * The message bodies for an answer: the first replies to `target`, all are ≤ 2,000 characters. With a
 * `nonceKey` (an id ≤ 22 characters, such as the member's message id) each part carries a nonce Discord
 * enforces, so posting the same answer again after a crash creates nothing new.
 */
export function replyBodies(content: string, target: ReplyTarget | null, nonceKey?: string): RESTPostAPIChannelMessageJSONBody[] {
  return splitMessage(content).map((chunk, index) => ({
    content: chunk,
    ...(nonceKey ? { nonce: `${nonceKey}-${index}`.slice(-25), enforce_nonce: true } : {}),
    allowed_mentions: safeAllowedMentions([], index === 0 && target !== null),
    ...(index === 0 && target
      ? { message_reference: { message_id: target.messageId, channel_id: target.channelId, guild_id: target.guildId, fail_if_not_exists: false } }
      : {}),
  }));
}
