// Whether Herald answers a member's message, and what the question is. Pure: settings + message in, decision out.

import type { GuildSettings } from './settings';

export interface IncomingMessage {
  authorId: string;
  authorIsBot: boolean;
  /** Set when a webhook posted the message; webhooks are never answered. */
  webhookId: string | null;
  channelId: string;
  content: string;
  mentionUserIds: readonly string[];
}

export type ReplyDecision =
  | { kind: 'ignore'; why: IgnoreReason }
  | { kind: 'answer'; question: string; mentioned: boolean }
  /** Smart mode: answer only if the answerer judges the message a question or request it can help with. */
  | { kind: 'judge'; question: string }
  /** Mentioned with nothing else said: answer with a short hint instead of searching for nothing. */
  | { kind: 'greet' };

export type IgnoreReason = 'from-bot' | 'channel-not-enabled' | 'ask-mode' | 'not-mentioned' | 'empty';

const MENTION_PATTERN = (userId: string) => new RegExp(`<@!?${userId}>`, 'g');

export function mentionsBot(message: IncomingMessage, botUserId: string): boolean {
  return message.mentionUserIds.includes(botUserId) || MENTION_PATTERN(botUserId).test(message.content);
}

/** The message text without the bot's own mention, whitespace collapsed. */
export function stripBotMention(content: string, botUserId: string): string {
  return content.replace(MENTION_PATTERN(botUserId), ' ').replace(/\s+/g, ' ').trim();
}

export function decideReply(settings: GuildSettings, message: IncomingMessage, botUserId: string): ReplyDecision {
  if (message.authorIsBot || message.webhookId || message.authorId === botUserId) return { kind: 'ignore', why: 'from-bot' };
  if (settings.channels.length > 0 && !settings.channels.includes(message.channelId)) {
    return { kind: 'ignore', why: 'channel-not-enabled' };
  }
  if (settings.responseMode === 'ask') return { kind: 'ignore', why: 'ask-mode' };

  const mentioned = mentionsBot(message, botUserId);
  const question = stripBotMention(message.content, botUserId);
  if (settings.responseMode === 'mention' && !mentioned) return { kind: 'ignore', why: 'not-mentioned' };
  if (mentioned && question === '') return { kind: 'greet' };
  if (question === '') return { kind: 'ignore', why: 'empty' };
  // In "all" mode a mention is always answered; otherwise smart mode lets the answerer skip casual chat.
  if (settings.responseMode === 'all' && settings.smartMode && !mentioned) return { kind: 'judge', question };
  return { kind: 'answer', question, mentioned };
}
