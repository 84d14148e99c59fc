// Which new messages need the durable inbox. Most messages in a busy server ask nothing of Herald: not
// mentioned (in "mention" mode), no moderation, no channel memory. Handling one writes nothing and calls
// nothing (at most it is shown to live agents), so storing it first would only cost rows: such a message is
// remembered as seen (the replay dedupe) and handled at once. Everything else goes through the inbox. Pure.

import { keepsChannelContext } from './conversation-store';
import { decideReply } from './decide-reply';
import type { MessageCreateEvent } from './events';
import type { GuildSettings } from './settings';

export interface PassThroughFacts {
  /** Moderation applies to this message (Moderator.applies). */
  moderated: boolean;
  /** An agent holds the member's conversation (their message is then remembered for the agent). */
  held: boolean;
  /** Earlier events of the same conversation still wait in the inbox (order must hold). */
  queuedBefore: boolean;
  /**
   * The channel is known to be a plain channel, not a thread: in a thread (or a channel not known yet) the
   * parent's settings and the thread's own rules (forum posts answered without a mention) decide, which needs
   * the thread lookup of the inbox path.
   */
  plainChannel: boolean;
}

export function passesThrough(settings: GuildSettings, event: MessageCreateEvent, facts: PassThroughFacts): boolean {
  if (facts.queuedBefore) return false;
  const message = event.message;
  const botUserId = event.bot.botUserId;
  // Another application's copy of the message, or the bot's own: the handler does nothing with them.
  if (event.bot.appKey !== (settings.customBot ? settings.customBot.applicationId : 'shared') || message.author.id === botUserId) return true;
  if (facts.moderated || facts.held || !facts.plainChannel) return false;
  const fromMember = !message.author.bot && !message.webhook_id && message.content.trim() !== '';
  if (fromMember && keepsChannelContext(settings, message.channel_id)) return false;
  const decision = decideReply(
    settings,
    {
      authorId: message.author.id,
      authorIsBot: message.author.bot === true,
      webhookId: message.webhook_id ?? null,
      channelId: message.channel_id,
      content: message.content,
      mentionUserIds: message.mentions.map((user) => user.id),
    },
    botUserId,
  );
  return decision.kind === 'ignore';
}
