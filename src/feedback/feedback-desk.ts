// Feedback on answers (contract §8): the buttons under Herald's answers and what their clicks do. 👍/👎 are
// recorded at once (one vote per member per answer); "Talk to a human" opens a ticket (with `tickets`) or
// escalates as before; "Solved" in a forum post tags it and closes it after SOLVED_ARCHIVE_DELAY_MS. Every
// click is answered within Discord's 3 seconds: slow work runs after a deferred response.

import type { APIInteractionResponse } from 'discord-api-types/v10';
import { readConfig } from '../config';
import type { ComponentClick } from '../components/click';
import { editOriginalResponse } from '../components/interaction-webhook';
import { deferredEphemeral, ephemeral } from '../components/responses';
import { DiscordApiError } from '../discord/rest';
import { conversationIdOf, type AnswerRecord } from '../guild/conversation-store';
import type { GuildDiscord } from '../guild/discord-output';
import { HUMAN_NOTIFIED_TEXT, type Escalator } from '../guild/escalation';
import type { GuildTimer } from '../guild/schema';
import type { GuildSettings } from '../guild/settings';
import type { TakeoverDesk } from '../takeover/desk';
import { log, logError } from '../log';
import type { Timers } from '../storage/timers';
import type { TicketDesk } from '../tickets/ticket-desk';
import { ANSWERS_RETENTION_MS, AnswerLog, type EscalationVia, type Insights, type QuestionSource } from './answer-log';
import { answerButtons, type ActionRow } from './buttons';
import { checkAnswerClick, maySolve, parseVote } from './click-rules';

/** A forum post marked "Solved" is archived (closed) this long after the click. */
export const SOLVED_ARCHIVE_DELAY_MS = 60 * 60_000;
/** The forum tag "Solved" applies, matched case-insensitively. */
export const SOLVED_TAG_NAME = 'Solved';
/** Discord allows at most this many tags on a forum post. */
export const MAX_APPLIED_TAGS = 5;

export const VOTE_THANKS_TEXT = 'Thanks for the feedback!';

export interface FeedbackParts {
  ctx: DurableObjectState;
  env: Env;
  settings: () => GuildSettings;
  guildId: () => string;
  timers: Timers<GuildTimer>;
  discord: GuildDiscord;
  desk: TakeoverDesk;
  escalator: Escalator;
  tickets: TicketDesk;
}

/** Forum posts remembered in memory (a lookup per answer); past this many the memo starts afresh. */
const FORUM_THREADS_MEMO = 1_000;

type ForumThread = { posterId: string; solvedAt: number | null };

export class FeedbackDesk {
  readonly answers: AnswerLog;
  /** forum_threads rows as read (null: not a forum post Herald answered), so an answer's two lookups read no row; each write below drops its entry. */
  private readonly forumThreads = new Map<string, ForumThread | null>();

  constructor(private readonly p: FeedbackParts) {
    this.answers = new AnswerLog(p.ctx.storage);
  }

  private get sql(): SqlStorage {
    return this.p.ctx.storage.sql;
  }

  // ---- recording --------------------------------------------------------------------------------------

  /** The record of an answered question, kept with its exchange once the answer is posted. */
  answerRecord(input: Omit<AnswerRecord, 'source'> & { source: QuestionSource }): AnswerRecord {
    // A question in a forum post Herald answers counts as a forum question.
    return { ...input, source: this.forumThread(input.channelId) ? 'forum' : input.source };
  }

  recordEscalation(conversationId: string, via: EscalationVia): void {
    this.answers.recordEscalation(conversationId, via);
  }

  /** A forum post Herald answers: its author may mark it "Solved". Called by the forum answering path. */
  recordForumThread(threadId: string, posterId: string): void {
    this.sql.exec('INSERT INTO forum_threads (thread_id, poster_id, at) VALUES (?, ?, ?) ON CONFLICT (thread_id) DO NOTHING', threadId, posterId, Date.now());
    this.forumThreads.delete(threadId);
  }

  private forumThread(threadId: string): ForumThread | null {
    const known = this.forumThreads.get(threadId);
    if (known !== undefined) return known;
    const row = this.sql.exec<{ poster_id: string; solved_at: number | null }>('SELECT poster_id, solved_at FROM forum_threads WHERE thread_id = ?', threadId).toArray()[0];
    const thread = row ? { posterId: row.poster_id, solvedAt: row.solved_at } : null;
    if (this.forumThreads.size >= FORUM_THREADS_MEMO) this.forumThreads.clear();
    this.forumThreads.set(threadId, thread);
    return thread;
  }

  /** The buttons for an answer about to be posted, or undefined (feedback off, or not an answer to a question). */
  buttonsFor(answer: AnswerRecord | null | undefined): ActionRow[] | undefined {
    if (!this.p.settings().feedback || !answer) return undefined;
    const forum = this.forumThread(answer.channelId);
    return answerButtons(answer.answerId, { human: true, forumThreadId: forum && forum.solvedAt === null ? answer.channelId : null });
  }

  insights(days: number): Insights {
    return this.answers.insights(days);
  }

  prune(): void {
    this.answers.prune();
    // A post's Solved button and closed tickets are kept as long as the answers they belong to.
    const cutoff = Date.now() - ANSWERS_RETENTION_MS;
    this.sql.exec('DELETE FROM forum_threads WHERE at < ?', cutoff);
    this.forumThreads.clear();
    this.sql.exec('DELETE FROM tickets WHERE closed_at IS NOT NULL AND closed_at < ?', cutoff);
  }

  // ---- clicks -----------------------------------------------------------------------------------------

  vote(click: ComponentClick): APIInteractionResponse {
    const parsed = parseVote(click.args);
    if (!parsed) return this.refuse(click, 'bad-args', "This button doesn't work any more.");
    const verdict = checkAnswerClick(this.answers.get(parsed.answerId), click);
    if (!verdict.ok) return this.refuse(click, verdict.why, verdict.text);
    this.answers.vote(parsed.answerId, click.userId, parsed.vote);
    log('GuildActor.vote', { guildId: click.guildId, answerId: parsed.answerId, userId: click.userId, vote: parsed.vote });
    return ephemeral(VOTE_THANKS_TEXT);
  }

  human(click: ComponentClick): APIInteractionResponse {
    const [answerId, ...rest] = click.args;
    if (!answerId || rest.length > 0) return this.refuse(click, 'bad-args', "This button doesn't work any more.");
    const answer = this.answers.get(answerId);
    const verdict = checkAnswerClick(answer, click);
    if (!verdict.ok) return this.refuse(click, verdict.why, verdict.text);
    const conversationId = conversationIdOf(click.channelId, click.userId);
    if (this.p.tickets.enabled()) {
      const existing = this.p.tickets.openThreadOf(click.userId);
      if (existing) return ephemeral(`You already have an open ticket: <#${existing}>`);
      // Creating the thread takes several Discord calls: answer "thinking…" now, edit it with the link after.
      this.p.ctx.waitUntil(
        (async () => {
          let text: string;
          try {
            text = (await this.p.tickets.open({ userId: click.userId, sourceChannelId: click.channelId, trigger: 'clicked "Talk to a human"' })).text;
          } catch (error) {
            // Discord busy or unreachable: the member still gets an answer instead of "thinking…" forever.
            logError('FeedbackDesk.ticketFromButton', error, { guildId: click.guildId });
            text = "I couldn't open a ticket just now. Please try again in a minute.";
          }
          await editOriginalResponse(this.p.env, click.guildId, click, text);
        })().catch((error: unknown) => logError('FeedbackDesk.ticketFromButtonUnexpected', error, { guildId: click.guildId })),
      );
      return deferredEphemeral();
    }
    // Without tickets, the existing escalation: agents see it live, the owner is notified (at most hourly).
    const reason = 'the member clicked "Talk to a human"';
    this.p.desk.broadcast({ type: 'escalation', conversationId, reason });
    this.answers.recordEscalation(conversationId, 'button');
    if (this.p.escalator.claim(conversationId)) {
      const notice = { guildId: click.guildId, conversationId, channelId: click.channelId, userId: click.userId, content: answer?.question ?? '', reason, at: new Date().toISOString() };
      this.p.ctx.waitUntil(this.p.escalator.notifyOwner(readConfig(this.p.env), this.p.settings().escalationEmail, notice));
    }
    log('FeedbackDesk.escalated', { guildId: click.guildId, conversationId, via: 'button' });
    return ephemeral(HUMAN_NOTIFIED_TEXT);
  }

  async solved(click: ComponentClick): Promise<APIInteractionResponse> {
    const [threadId, ...rest] = click.args;
    if (!threadId || rest.length > 0) return this.refuse(click, 'bad-args', "This button doesn't work any more.");
    const thread = this.forumThread(threadId);
    const verdict = maySolve(thread, click, threadId);
    if (!verdict.ok) return this.refuse(click, verdict.why, verdict.text);
    if (thread!.solvedAt !== null) return ephemeral('This post is already marked solved.');
    this.sql.exec('UPDATE forum_threads SET solved_at = ? WHERE thread_id = ?', Date.now(), threadId);
    this.forumThreads.delete(threadId);
    await this.p.timers.schedule('solvedArchive', Date.now() + SOLVED_ARCHIVE_DELAY_MS, threadId);
    log('FeedbackDesk.solved', { guildId: click.guildId, threadId, userId: click.userId });
    this.p.ctx.waitUntil(
      (async () => {
        const outcome = await this.applySolvedTag(threadId);
        const minutes = Math.round(SOLVED_ARCHIVE_DELAY_MS / 60_000);
        const text =
          outcome === 'done' || outcome === 'no-tag'
            ? `Marked as solved. This post closes in ${minutes} minutes.`
            : `Marked as solved, but I couldn't tag this post (${outcome}): Herald needs the Manage Threads permission here. It still closes in ${minutes} minutes.`;
        await editOriginalResponse(this.p.env, click.guildId, click, text);
      })().catch((error: unknown) => logError('FeedbackDesk.solvedFailed', error, { guildId: click.guildId, threadId })),
    );
    return deferredEphemeral();
  }

  /** Applies the forum's "Solved" tag, keeping the post's other tags; returns 'done', 'no-tag' or Discord's refusal. */
  private async applySolvedTag(threadId: string): Promise<string> {
    const rest = this.p.discord.rest();
    if (!rest) return 'no bot token configured';
    try {
      const thread = await rest.get<{ parent_id?: string | null; applied_tags?: string[] }>(`/channels/${threadId}`);
      if (!thread.parent_id) return 'no-tag';
      const forum = await rest.get<{ available_tags?: { id: string; name: string }[] }>(`/channels/${thread.parent_id}`);
      const tag = (forum.available_tags ?? []).find((t) => t.name.trim().toLowerCase() === SOLVED_TAG_NAME.toLowerCase());
      if (!tag) {
        log('FeedbackDesk.solvedNoTag', { guildId: this.p.guildId(), threadId, outcome: 'no-tag' });
        return 'no-tag';
      }
      const applied = thread.applied_tags ?? [];
      if (!applied.includes(tag.id)) {
        await rest.patch(`/channels/${threadId}`, { body: { applied_tags: [...applied.slice(0, MAX_APPLIED_TAGS - 1), tag.id] }, reason: 'Marked solved' });
      }
      log('FeedbackDesk.solvedTag', { guildId: this.p.guildId(), threadId, outcome: 'done' });
      return 'done';
    } catch (error) {
      if (error instanceof DiscordApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        logError('FeedbackDesk.solvedTagFailed', error, { guildId: this.p.guildId(), threadId, outcome: error.outcome });
        return error.outcome;
      }
      throw error;
    }
  }

  /** The solvedArchive timer: close (archive) the post. A refusal is logged as the outcome, not retried. */
  async archiveSolved(threadId: string): Promise<void> {
    const rest = this.p.discord.rest();
    if (!rest) return;
    try {
      await rest.patch(`/channels/${threadId}`, { body: { archived: true }, reason: 'Solved' });
      log('FeedbackDesk.solvedArchived', { guildId: this.p.guildId(), threadId, outcome: 'done' });
    } catch (error) {
      if (error instanceof DiscordApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        logError('FeedbackDesk.solvedArchiveFailed', error, { guildId: this.p.guildId(), threadId, outcome: error.outcome });
        return;
      }
      throw error;
    }
  }

  private refuse(click: ComponentClick, why: string, text: string): APIInteractionResponse {
    log('FeedbackDesk.clickRefused', { guildId: click.guildId, feature: click.feature, why, userId: click.userId, channelId: click.channelId });
    return ephemeral(text);
  }
}
