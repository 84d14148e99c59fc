// Human takeover for one guild: which conversations agents hold, the agents' live sockets, and the timers
// that hand a conversation back to the AI after TAKEOVER_TIMEOUT_SECONDS of agent silence. Locks are rows in
// SQLite and their expiry is a timer row, so a takeover survives the actor's eviction.

import { log } from '../log';
import type { Timers } from '../storage/timers';
import type { GuildDiscord } from '../guild/discord-output';
import type { GuildTimer } from '../guild/schema';
import {
  admitFrame,
  MAX_AGENT_FRAME_BYTES,
  MAX_TAKEOVERS,
  parseAgentMessage,
  splitConversationId,
  takeoverExpiresAt,
  type AgentAttachment,
  type FrameWindow,
  type ServerMessage,
} from './live';

export interface HeldConversation {
  conversationId: string;
  agent: string;
  takenAt: string;
  lastActionAt: string;
}

export class TakeoverDesk {
  private readonly verifiedChannels = new Set<string>();
  /** Frame windows per socket; in memory only (a flooding socket keeps the actor awake, so it holds). */
  private readonly frameWindows = new WeakMap<WebSocket, FrameWindow>();
  private heldCache: Set<string> | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly timers: Timers<GuildTimer>,
    private readonly discord: GuildDiscord,
    private readonly timeoutSeconds: () => number,
    private readonly guildId: () => string,
    private readonly recordAgentTurn: (channelId: string, userId: string, content: string) => void,
    /** An agent released a conversation (also one the desk itself did not hold, such as a ticket's). */
    private readonly onAgentRelease: (conversationId: string, announced: boolean) => void = () => {},
  ) {}

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** Accepts an agent's socket with the Hibernation API; it outlives the actor's time in memory. */
  accept(server: WebSocket, attachment: AgentAttachment): void {
    this.ctx.acceptWebSocket(server, ['agent']);
    server.serializeAttachment(attachment);
  }

  sockets(): WebSocket[] {
    return this.ctx.getWebSockets('agent');
  }

  /** Closes the agent sockets `which` selects (a revoked token's, or all of them); returns how many. */
  closeSockets(which: (attachment: AgentAttachment | null) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const socket of this.sockets()) {
      if (!which(socket.deserializeAttachment() as AgentAttachment | null)) continue;
      try {
        socket.close(code, reason);
        closed++;
      } catch {
        // Already closing.
      }
    }
    return closed;
  }

  broadcast(message: ServerMessage): void {
    const text = JSON.stringify(message);
    for (const socket of this.sockets()) {
      try {
        socket.send(text);
      } catch {
        // A socket closing under us: its close handler cleans up.
      }
    }
  }

  /** Asked for every message (a held conversation is not answered): read from memory, not storage. */
  isHeld(conversationId: string): boolean {
    return this.heldIds().has(conversationId);
  }

  /**
   * The held conversations' ids, read from the table once per instance and kept in step by take() and release(),
   * the only writers (at most MAX_TAKEOVERS ids).
   */
  private heldIds(): Set<string> {
    this.heldCache ??= new Set(this.sql.exec<{ conversation_id: string }>('SELECT conversation_id FROM takeovers').toArray().map((row) => row.conversation_id));
    return this.heldCache;
  }

  heldCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM takeovers').one().n;
  }

  held(): HeldConversation[] {
    return this.sql
      .exec<{ conversation_id: string; agent: string; taken_at: number; last_action_at: number }>(
        'SELECT conversation_id, agent, taken_at, last_action_at FROM takeovers ORDER BY taken_at',
      )
      .toArray()
      .map((row) => ({
        conversationId: row.conversation_id,
        agent: row.agent,
        takenAt: new Date(row.taken_at).toISOString(),
        lastActionAt: new Date(row.last_action_at).toISOString(),
      }));
  }

  /** A channel of this guild: one Herald has seen messages in, or one Discord says belongs to the guild. */
  private async isOurChannel(channelId: string): Promise<boolean> {
    if (this.verifiedChannels.has(channelId)) return true;
    const seen =
      this.sql.exec('SELECT 1 FROM channel_buffer WHERE channel_id = ? LIMIT 1', channelId).toArray().length > 0 ||
      this.sql.exec('SELECT 1 FROM exchanges WHERE channel_id = ? LIMIT 1', channelId).toArray().length > 0;
    if (!seen) {
      try {
        const channel = await this.discord.rest()?.get<{ guild_id?: string }>(`/channels/${channelId}`);
        if (channel?.guild_id !== this.guildId()) return false;
      } catch {
        return false;
      }
    }
    if (this.verifiedChannels.size < 1_000) this.verifiedChannels.add(channelId);
    return true;
  }

  /** Remembers the member's latest message in a held conversation, so the agent's reply can reference it. */
  noteMemberMessage(conversationId: string, messageId: string): void {
    this.sql.exec('UPDATE takeovers SET last_message_id = ? WHERE conversation_id = ?', messageId, conversationId);
  }

  async onAgentMessage(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const attachment = socket.deserializeAttachment() as AgentAttachment | null;
    const agent = attachment?.agent ?? 'agent';
    const admitted = admitFrame(this.frameWindows.get(socket) ?? null, Date.now());
    this.frameWindows.set(socket, admitted.window);
    if (!admitted.allowed) {
      if (admitted.warn) socket.send(JSON.stringify({ type: 'error', error: 'too many messages: slow down (extra messages are dropped)' } satisfies ServerMessage));
      return;
    }
    const size = typeof data === 'string' ? new TextEncoder().encode(data).byteLength : data.byteLength;
    if (size > MAX_AGENT_FRAME_BYTES) {
      socket.send(JSON.stringify({ type: 'error', error: `messages must be at most ${MAX_AGENT_FRAME_BYTES} bytes` } satisfies ServerMessage));
      return;
    }
    const message = parseAgentMessage(data);
    if ('error' in message) {
      socket.send(JSON.stringify({ type: 'error', error: message.error } satisfies ServerMessage));
      return;
    }
    const now = Date.now();
    // Only this guild's channels: an agent token must never post into another guild's channel.
    if (message.type !== 'release' && !this.isHeld(message.conversationId) && !(await this.isOurChannel(splitConversationId(message.conversationId).channelId))) {
      socket.send(JSON.stringify({ type: 'error', error: 'conversationId: Herald has seen no conversation in that channel of this server' } satisfies ServerMessage));
      return;
    }
    if (message.type !== 'release' && !this.isHeld(message.conversationId) && this.heldCount() >= MAX_TAKEOVERS) {
      socket.send(JSON.stringify({ type: 'error', error: `agents already hold ${MAX_TAKEOVERS} conversations here; release one first` } satisfies ServerMessage));
      return;
    }
    switch (message.type) {
      case 'takeover':
        await this.take(message.conversationId, agent, now);
        return;
      case 'release':
        this.onAgentRelease(message.conversationId, await this.release(message.conversationId, 'agent'));
        return;
      case 'reply': {
        // Replying is acting: an agent who replies holds the conversation (and restarts its timeout).
        await this.take(message.conversationId, agent, now);
        const { channelId, userId } = splitConversationId(message.conversationId);
        const row = this.sql
          .exec<{ last_message_id: string | null }>('SELECT last_message_id FROM takeovers WHERE conversation_id = ?', message.conversationId)
          .toArray()[0];
        const replyTo = row?.last_message_id ? { messageId: row.last_message_id, channelId, guildId: this.guildId() } : null;
        const posted = await this.discord.post(channelId, message.content, replyTo);
        if (!posted.ok) {
          socket.send(JSON.stringify({ type: 'error', error: `Discord refused the reply: ${posted.outcome}` } satisfies ServerMessage));
          return;
        }
        this.recordAgentTurn(channelId, userId, message.content);
        this.broadcast({
          type: 'message',
          conversationId: message.conversationId,
          guildId: this.guildId(),
          channelId,
          userId,
          author: 'agent',
          content: message.content,
          at: new Date(now).toISOString(),
        });
        return;
      }
    }
  }

  /** Takes (or keeps) a conversation for `agent`; every agent action pushes the timeout back. */
  private async take(conversationId: string, agent: string, now: number): Promise<void> {
    const { channelId, userId } = splitConversationId(conversationId);
    const existing = this.sql.exec<{ agent: string }>('SELECT agent FROM takeovers WHERE conversation_id = ?', conversationId).toArray()[0];
    if (existing) {
      this.sql.exec('UPDATE takeovers SET last_action_at = ?, agent = ? WHERE conversation_id = ?', now, agent, conversationId);
    } else {
      this.sql.exec(
        'INSERT INTO takeovers (conversation_id, channel_id, user_id, agent, taken_at, last_action_at) VALUES (?, ?, ?, ?, ?, ?)',
        conversationId,
        channelId,
        userId,
        agent,
        now,
        now,
      );
      this.heldIds().add(conversationId);
    }
    await this.timers.schedule('takeover', takeoverExpiresAt(now, this.timeoutSeconds()), conversationId);
    if (!existing || existing.agent !== agent) {
      this.broadcast({ type: 'takeover', conversationId, by: agent });
      log('GuildActor.takeover', { guildId: this.guildId(), conversationId, agent });
    }
  }

  /** Hands the conversation back to the AI; true when it was held (and `released` was broadcast). */
  async release(conversationId: string, reason: 'agent' | 'timeout'): Promise<boolean> {
    const removed = this.sql.exec('DELETE FROM takeovers WHERE conversation_id = ?', conversationId).rowsWritten > 0;
    this.heldIds().delete(conversationId);
    await this.timers.cancel('takeover', conversationId);
    if (!removed) return false;
    this.broadcast({ type: 'released', conversationId, reason });
    log('GuildActor.released', { guildId: this.guildId(), conversationId, reason });
    return true;
  }

  /** The takeover timer fired: release if the agent has really been silent that long (an action may have moved it). */
  async expire(conversationId: string, now = Date.now()): Promise<void> {
    const row = this.sql.exec<{ last_action_at: number }>('SELECT last_action_at FROM takeovers WHERE conversation_id = ?', conversationId).toArray()[0];
    if (!row) return;
    const expiresAt = takeoverExpiresAt(row.last_action_at, this.timeoutSeconds());
    if (expiresAt > now) {
      await this.timers.schedule('takeover', expiresAt, conversationId);
      return;
    }
    await this.release(conversationId, 'timeout');
  }
}
