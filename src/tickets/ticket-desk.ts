// Tickets (contract §8): "Talk to a human", or an escalation Herald detects, with `tickets.enabled` opens a
// private thread in `tickets.channelId`, adds the member, posts a short summary of the conversation that pings
// only `tickets.staffRoleIds`, and holds the conversation for agents: the AI stays quiet in the thread until
// the ticket is closed, and agents see it live (a staff message in the thread counts as an agent's).

import { ChannelType, type APIInteractionResponse } from 'discord-api-types/v10';
import type { MemberMessage } from '../guild/events';
import type { ComponentClick } from '../components/click';
import { ephemeral } from '../components/responses';
import { DiscordApiError } from '../discord/rest';
import { conversationIdOf, type ConversationStore } from '../guild/conversation-store';
import type { GuildDiscord } from '../guild/discord-output';
import type { GuildSettings } from '../guild/settings';
import type { TakeoverDesk } from '../takeover/desk';
import { log, logError } from '../log';
import type { AnswerLog } from '../feedback/answer-log';
import { closeTicketButtons } from '../feedback/buttons';
import { mayCloseTicket } from '../feedback/click-rules';
import { ticketSummary } from './summary';

/** Ticket threads auto-archive after this many minutes of silence (Discord's longest, one week). */
export const TICKET_AUTO_ARCHIVE_MINUTES = 10_080;

export type TicketOpened = { kind: 'opened' | 'existing'; threadId: string; text: string } | { kind: 'failed'; outcome: string; text: string };

export interface TicketParts {
  storage: DurableObjectStorage;
  settings: () => GuildSettings;
  guildId: () => string;
  discord: GuildDiscord;
  desk: TakeoverDesk;
  conversations: ConversationStore;
  answers: () => AnswerLog;
  waitUntil: (promise: Promise<unknown>) => void;
}

export function ticketOpenedText(threadId: string): string {
  return `I've opened a private ticket with the team: <#${threadId}>. They'll answer you there.`;
}

export class TicketDesk {
  /** Threads of open tickets no agent released (null: read again): asked for every member message, so kept in memory; every write below resets it. */
  private quietThreads: Set<string> | null = null;

  constructor(private readonly p: TicketParts) {}

  private get sql(): SqlStorage {
    return this.p.storage.sql;
  }

  enabled(): boolean {
    const tickets = this.p.settings().tickets;
    return tickets.enabled && tickets.channelId !== null;
  }

  openThreadOf(userId: string): string | null {
    return this.sql.exec<{ thread_id: string }>('SELECT thread_id FROM tickets WHERE user_id = ? AND closed_at IS NULL', userId).toArray()[0]?.thread_id ?? null;
  }

  private ticket(threadId: string): { userId: string; open: boolean } | null {
    const row = this.sql.exec<{ user_id: string; closed_at: number | null }>('SELECT user_id, closed_at FROM tickets WHERE thread_id = ?', threadId).toArray()[0];
    return row ? { userId: row.user_id, open: row.closed_at === null } : null;
  }

  /** Whether Herald stays quiet in this channel: an open ticket's thread that no agent has released. */
  isOpenThread(channelId: string): boolean {
    this.quietThreads ??= new Set(
      this.sql.exec<{ thread_id: string }>('SELECT thread_id FROM tickets WHERE closed_at IS NULL AND released_at IS NULL').toArray().map((row) => row.thread_id),
    );
    return this.quietThreads.has(channelId);
  }

  /** An agent's `release` of a ticket's conversation hands the thread back to the AI (the ticket stays open). */
  releasedByAgent(conversationId: string, announced: boolean): void {
    const [threadId = '', userId = ''] = conversationId.split(':');
    const released = this.sql.exec(
      'UPDATE tickets SET released_at = ? WHERE thread_id = ? AND user_id = ? AND closed_at IS NULL AND released_at IS NULL',
      Date.now(),
      threadId,
      userId,
    ).rowsWritten;
    if (released === 0) return;
    this.quietThreads = null;
    if (!announced) this.p.desk.broadcast({ type: 'released', conversationId, reason: 'agent' });
    log('GuildActor.ticketReleased', { guildId: this.p.guildId(), threadId });
  }

  /** Opens the member's ticket (or points to the open one). Discord's refusals come back as a clear text. */
  async open(input: { userId: string; sourceChannelId: string; trigger: string }): Promise<TicketOpened> {
    const existing = this.openThreadOf(input.userId);
    if (existing) return { kind: 'existing', threadId: existing, text: `You already have an open ticket: <#${existing}>` };
    const settings = this.p.settings().tickets;
    const rest = this.p.discord.rest();
    if (!settings.enabled || !settings.channelId || !rest) return { kind: 'failed', outcome: 'tickets are not set up', text: "Tickets aren't set up on this server." };
    const guildId = this.p.guildId();
    let threadId: string;
    try {
      const thread = await rest.post<{ id: string }>(`/channels/${settings.channelId}/threads`, {
        body: { name: `Ticket ${input.userId}`, type: ChannelType.PrivateThread, invitable: false, auto_archive_duration: TICKET_AUTO_ARCHIVE_MINUTES },
        reason: 'Herald ticket',
      });
      threadId = thread.id;
    } catch (error) {
      return this.failed(error, 'create-thread', input.userId);
    }
    this.sql.exec('INSERT INTO tickets (thread_id, user_id, source_channel_id, opened_at) VALUES (?, ?, ?, ?)', threadId, input.userId, input.sourceChannelId, Date.now());
    this.quietThreads = null;
    try {
      await rest.put(`/channels/${threadId}/thread-members/${input.userId}`);
    } catch (error) {
      // The member cannot see a thread they are not in: the ticket is given up (the next click tries again).
      this.sql.exec('UPDATE tickets SET closed_at = ? WHERE thread_id = ?', Date.now(), threadId);
      this.quietThreads = null;
      return this.failed(error, 'add-member', input.userId);
    }
    const history = this.p.conversations.recentTurns(input.sourceChannelId, input.userId);
    const summary = ticketSummary({ userId: input.userId, sourceChannelId: input.sourceChannelId, trigger: input.trigger, staffRoleIds: settings.staffRoleIds, turns: history });
    try {
      await rest.post(`/channels/${threadId}/messages`, {
        // Only the staff roles are pinged; nothing the member wrote (quoted in the summary) can ping anyone.
        body: { content: summary, allowed_mentions: { parse: [], roles: [...settings.staffRoleIds], users: [] }, components: closeTicketButtons(threadId) },
      });
    } catch (error) {
      logError('GuildActor.ticketSummary', error, { guildId, threadId, outcome: error instanceof DiscordApiError ? error.outcome : String(error) });
    }
    const conversationId = conversationIdOf(threadId, input.userId);
    this.p.conversations.addTurn(threadId, input.userId, 'bot', summary, null);
    this.p.answers().recordEscalation(conversationId, 'ticket');
    this.p.desk.broadcast({ type: 'escalation', conversationId, reason: `ticket opened: the member ${input.trigger}` });
    this.p.desk.broadcast({ type: 'message', conversationId, guildId, channelId: threadId, userId: input.userId, author: 'bot', content: summary, at: new Date().toISOString() });
    log('TicketDesk.opened', { guildId, threadId, userId: input.userId, outcome: 'done' });
    return { kind: 'opened', threadId, text: ticketOpenedText(threadId) };
  }

  private failed(error: unknown, step: string, userId: string): TicketOpened {
    if (error instanceof DiscordApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
      logError('TicketDesk.openFailed', error, { guildId: this.p.guildId(), userId, step, outcome: error.outcome });
      const permission = error.code === 50013 || error.code === 50001;
      return {
        kind: 'failed',
        outcome: error.outcome,
        text: permission
          ? "I couldn't open a ticket: Herald is missing permissions in the tickets channel (it needs Create Private Threads, Send Messages in Threads and Manage Threads). Please tell a moderator."
          : `I couldn't open a ticket (${error.outcome}). Please tell a moderator.`,
      };
    }
    throw error;
  }

  /** A message in an open ticket thread: recorded and streamed to agents (staff count as agents). */
  noteMessage(message: MemberMessage): void {
    const ticket = this.ticket(message.channel_id);
    if (!ticket) return;
    const staffRoles = this.p.settings().tickets.staffRoleIds;
    const agentRoles = this.p.settings().agentRoleIds;
    const roles = message.member?.roles ?? [];
    const staff = message.author.id !== ticket.userId && roles.some((role) => staffRoles.includes(role) || agentRoles.includes(role));
    const author = staff ? 'agent' : 'user';
    const conversationId = conversationIdOf(message.channel_id, ticket.userId);
    this.p.conversations.addTurn(message.channel_id, ticket.userId, author, message.content, message.id);
    this.p.desk.broadcast({
      type: 'message',
      conversationId,
      guildId: this.p.guildId(),
      channelId: message.channel_id,
      userId: ticket.userId,
      author,
      content: message.content,
      at: new Date().toISOString(),
    });
  }

  /** "Close ticket": archive and lock the thread, and hand the conversation back. Answered at once. */
  close(click: ComponentClick): APIInteractionResponse {
    const [action, threadId, ...rest] = click.args;
    if (action !== 'close' || !threadId || rest.length > 0) return ephemeral("This button doesn't work any more.");
    const ticket = this.ticket(threadId);
    const verdict = mayCloseTicket(ticket, click, threadId, this.p.settings().tickets.staffRoleIds);
    if (!verdict.ok) {
      log('TicketDesk.clickRefused', { guildId: click.guildId, feature: click.feature, why: verdict.why, userId: click.userId });
      return ephemeral(verdict.text);
    }
    this.sql.exec('UPDATE tickets SET closed_at = ? WHERE thread_id = ?', Date.now(), threadId);
    this.quietThreads = null;
    const conversationId = conversationIdOf(threadId, ticket!.userId);
    this.p.waitUntil(this.archive(threadId, conversationId));
    log('GuildActor.ticketClosed', { guildId: click.guildId, threadId, by: click.userId });
    return ephemeral('Ticket closed. Thanks!');
  }

  private async archive(threadId: string, conversationId: string): Promise<void> {
    try {
      await this.p.desk.release(conversationId, 'agent');
      await this.p.discord.rest()?.patch(`/channels/${threadId}`, { body: { archived: true, locked: true }, reason: 'Ticket closed' });
      log('TicketDesk.archived', { guildId: this.p.guildId(), threadId, outcome: 'done' });
    } catch (error) {
      logError('TicketDesk.archiveFailed', error, { guildId: this.p.guildId(), threadId, outcome: error instanceof DiscordApiError ? error.outcome : String(error) });
    }
  }
}
