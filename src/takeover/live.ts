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
  /** The guild token the socket was opened with (null for the operator): revoking it closes the socket. */
  tokenId: string | null;
}

const CONVERSATION_ID = /^\d{15,21}:\d{15,21}$/;
export const MAX_AGENT_REPLY_CHARS = 4_000;

// Bounds of live monitoring, per guild (README "Limits").
/** Open agent sockets; one more is refused with 429. */
export const MAX_LIVE_SOCKETS = 25;
/** Conversations agents hold at once; taking one more answers the agent with an error. */
export const MAX_TAKEOVERS = 100;
/** Largest frame an agent may send (a reply is at most MAX_AGENT_REPLY_CHARS). */
export const MAX_AGENT_FRAME_BYTES = 16 * 1024;
/** Frames one socket may send per window; the rest are dropped (one error per window says so). */
export const AGENT_FRAME_LIMIT = { perWindow: 20, windowMs: 10_000 } as const;
/** Close codes the server uses on agent sockets. */
export const LiveCloseCode = { TokenRevoked: 4001, PlanChanged: 4003 } as const;

/** One socket's frame count in its current window. */
export interface FrameWindow {
  startedAt: number;
  frames: number;
}

/**
 * Whether one more frame fits in the socket's window (fixed windows of AGENT_FRAME_LIMIT.windowMs).
 * `warn` is true for the first refused frame of a window, so the agent hears about it once, not per frame.
 */
export function admitFrame(window: FrameWindow | null, now: number): { allowed: boolean; warn: boolean; window: FrameWindow } {
  const current = window && now - window.startedAt < AGENT_FRAME_LIMIT.windowMs ? window : { startedAt: now, frames: 0 };
  const next = { startedAt: current.startedAt, frames: current.frames + 1 };
  const allowed = next.frames <= AGENT_FRAME_LIMIT.perWindow;
  return { allowed, warn: !allowed && next.frames === AGENT_FRAME_LIMIT.perWindow + 1, window: next };
}

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
