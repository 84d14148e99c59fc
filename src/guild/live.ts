// Live monitoring and human takeover over the WebSocket Hibernation API (contract §5). Agents' sockets are
// accepted by the guild actor and survive its hibernation; each carries who it is as an attachment. This
// file holds the message shapes and parsing; the actor does the storage and Discord side.

import type { GuildRole } from '../api/auth';

export type ServerMessage =
  | {
      type: 'message';
      conversationId: string;
      guildId: string;
      channelId: string;
      userId: string;
      author: 'user' | 'bot' | 'agent';
      content: string;
      at: string;
    }
  | { type: 'takeover'; conversationId: string; by: string }
  | { type: 'released'; conversationId: string; reason: 'agent' | 'timeout' }
  | { type: 'escalation'; conversationId: string; reason: string }
  | { type: 'error'; error: string };

export type AgentMessage =
  | { type: 'takeover'; conversationId: string }
  | { type: 'reply'; conversationId: string; content: string }
  | { type: 'release'; conversationId: string };

export interface AgentAttachment {
  agent: string;
  role: GuildRole | 'operator';
}

const CONVERSATION_ID = /^\d{15,21}:\d{15,21}$/;
export const MAX_AGENT_REPLY_CHARS = 4_000;

/** Parses and validates what an agent sent; an error string says what is wrong. */
export function parseAgentMessage(data: string | ArrayBuffer): AgentMessage | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
  } catch {
    return { error: 'messages must be JSON' };
  }
  if (typeof value !== 'object' || value === null) return { error: 'messages must be JSON objects' };
  const { type, conversationId, content } = value as Record<string, unknown>;
  if (typeof conversationId !== 'string' || !CONVERSATION_ID.test(conversationId)) {
    return { error: 'conversationId: must be "<channelId>:<userId>"' };
  }
  switch (type) {
    case 'takeover':
    case 'release':
      return { type, conversationId };
    case 'reply':
      if (typeof content !== 'string' || !content.trim()) return { error: 'content: must be a non-empty string' };
      if (content.length > MAX_AGENT_REPLY_CHARS) return { error: `content: at most ${MAX_AGENT_REPLY_CHARS} characters` };
      return { type, conversationId, content };
    default:
      return { error: 'type: must be "takeover", "reply" or "release"' };
  }
}

export function splitConversationId(conversationId: string): { channelId: string; userId: string } {
  const [channelId, userId] = conversationId.split(':');
  return { channelId: channelId ?? '', userId: userId ?? '' };
}

/** When an agent's hold on a conversation lapses: TAKEOVER_TIMEOUT_SECONDS after their last action. */
export function takeoverExpiresAt(lastActionAt: number, timeoutSeconds: number): number {
  return lastActionAt + timeoutSeconds * 1000;
}
