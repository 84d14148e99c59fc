// What happens to a member's message or `/ask` in a guild, in order: moderation (every mode), live
// monitoring, the agent's hold on the conversation, whether to answer, escalation to a human, and the
// answer itself (with the member's memory and, with channel awareness, the channel's conversation).

import { APOLOGY_TEXT, createAnswerer, type Answerer } from '../answer/answerer';
import { wantsHuman } from '../answer/offline-answer';
import { readConfig } from '../config';
import { log, logError } from '../log';
import { ModelJudge } from '../moderation/model-judge';
import { OpenAIEmbedder } from '../retrieval/embedder';
import { Retriever } from '../retrieval/retriever';
import type { ChannelVisibility } from './channel-visibility';
import { answersInChannel, conversationIdOf, keepsChannelContext, type ChannelLine, type ConversationStore, type Exchange } from './conversation-store';
import { passesThrough } from './pass-through';
import type { GuildDiscord } from './discord-output';
import { HUMAN_NOTIFIED_TEXT, type Escalator } from './escalation';
import type { AskEvent, MessageCreateEvent, MessageUpdateEvent } from './events';
import type { KnowledgeStore } from './knowledge-store';
import type { MemberLimit } from './member-limit';
import type { ModeratedMessage, ModerationJudge, Moderator } from './moderator';
import type { PendingReplies } from './pending-replies';
import type { GuildSettings } from './settings';
import type { TakeoverDesk } from '../takeover/desk';
import type { UsageMeter } from './usage-meter';
import { openAnswerThread } from '../threads/auto-thread';
import { conversationKeyOf, decideReplyIn, forumCovers, isMemberMessageType, threadNameOf, type Place } from '../threads/place';
import type { ThreadDirectory } from '../threads/thread-directory';
import type { FeedbackDesk } from '../feedback/feedback-desk';
import type { TicketDesk } from '../tickets/ticket-desk';

export const GREETING = "Hi! I'm Herald. Ask me a question and I'll answer from this server's knowledge base.";
export const WRONG_APPLICATION_TEXT = 'This bot is not the one set up to answer in this server.';
export const QUOTA_SPENT_TEXT = "This server has used all of Herald's messages for this month. Answers resume next month.";
export const MEMBER_LIMIT_TEXT = "You've reached this server's limit of answers per hour. Please try again a bit later.";
export const ASK_MODERATED_TEXT = "This question wasn't answered because it breaks this server's rules.";
export const HELD_TEXT = 'A member of the team is handling this conversation and will answer you here.';
/** Time for our deferred response to reach Discord before the follow-up is posted. */
const FOLLOW_UP_GRACE_MS = 150;

export interface GuildParts {
  env: Env;
  settings: () => GuildSettings;
  guildId: () => string;
  knowledge: KnowledgeStore;
  conversations: ConversationStore;
  discord: GuildDiscord;
  moderator: Moderator;
  desk: TakeoverDesk;
  escalator: Escalator;
  meter: UsageMeter;
  replies: PendingReplies;
  memberLimit: MemberLimit;
  channels: ChannelVisibility;
  threads: ThreadDirectory;
  feedback: FeedbackDesk;
  tickets: TicketDesk;
}

export class Responder {
  private answererInstance: Answerer | null = null;
  private retrieverInstance: Retriever | null = null;
  private judgeInstance: ModerationJudge | null = null;

  /** Exchanges answerQuestion decided, by count key, until the handler that asked takes them to post. */
  private readonly decided = new Map<string, Exchange>();

  constructor(private readonly g: GuildParts) {}

  /** The exchange decided for this count key (null: the reply is no answer to a question), taken once. */
  private takeExchange(countKey: string): Exchange | null {
    const exchange = this.decided.get(countKey) ?? null;
    this.decided.delete(countKey);
    return exchange;
  }

  /**
   * A message that needs nothing durable (pass-through.ts) is handled at once: `remember` records its id (false:
   * a replay, dropped) and it is shown to live agents. 'inbox': it needs the inbox. `queuedBefore`: earlier
   * events of its conversation are still waiting.
   */
  handleInline(event: MessageCreateEvent, queuedBefore: boolean, remember: () => boolean): 'handled' | 'duplicate' | 'inbox' {
    const settings = this.g.settings();
    const message = event.message;
    const conversationId = conversationIdOf(message.channel_id, message.author.id);
    const moderated = this.g.moderator.applies(settings, message, event.bot.botUserId);
    const held = !moderated && !queuedBefore && this.g.desk.isHeld(conversationId);
    if (!passesThrough(settings, event, { moderated, held, queuedBefore, plainChannel: this.g.threads.isPlainChannel(message.channel_id) })) return 'inbox';
    if (!remember()) return 'duplicate';
    const ours = event.bot.appKey === (settings.customBot ? settings.customBot.applicationId : 'shared') && message.author.id !== event.bot.botUserId;
    if (ours && !message.author.bot && !message.webhook_id && message.content.trim() !== '') this.stream(conversationId, message.channel_id, message.author.id, 'user', message.content);
    return 'handled';
  }

  /** `answer` false: the guild's inbox is over its caps, so the message is moderated but not answered. */
  async handleMessage(event: MessageCreateEvent, answer = true): Promise<void> {
    const settings = this.g.settings();
    // When a guild has its own bot, only that bot's gateway speaks for it (the shared bot may be present too).
    if (event.bot.appKey !== (settings.customBot ? settings.customBot.applicationId : 'shared')) return;
    const message = event.message;
    const guildId = this.g.guildId();
    const botUserId = event.bot.botUserId;
    if (message.author.id === botUserId) return;
    // System messages (a thread was created, a thread's starter message, a pin…) are nobody's words.
    if (!isMemberMessageType(message.type)) return;
    // In a thread, the parent channel's settings apply (its `channels` entry, its moderation exemption).
    const place = await this.g.threads.placeOf(message.channel_id);

    // Moderation first, in every response mode; a moderated message is neither answered nor remembered.
    if (this.g.moderator.applies(settings, { ...message, channel_id: place.settingsChannelId }, botUserId)) {
      const earlier = this.g.moderator.earlierCheck(message.id);
      if (earlier?.moderated) return;
      if (!earlier && (await this.g.meter.consume('moderation', message.id))) {
        if (await this.g.moderator.moderate(settings, guildId, message, this.moderationJudge())) return;
      }
    }
    if (!answer) {
      log('GuildActor.notAnswered', { guildId, channelId: message.channel_id, messageId: message.id, why: 'inbox-over-cap' });
      return;
    }
    const fromMember = !message.author.bot && !message.webhook_id && message.content.trim() !== '';
    // autoThread: each question here becomes its own thread, so its conversation is that thread's from the start.
    const threadsHere = settings.autoThread && place.thread === null;
    const convo = threadsHere ? { channelId: message.id, userId: message.author.id } : conversationKeyOf(place, message.author.id);
    const conversationId = conversationIdOf(convo.channelId, convo.userId);
    if (fromMember && this.g.tickets.isOpenThread(message.channel_id)) {
      // A ticket thread is the staff's until it is closed: the AI stays quiet; agents see it live.
      this.g.tickets.noteMessage(message);
      return;
    }
    if (fromMember) {
      const name = message.member?.nick ?? message.author.global_name ?? message.author.username;
      if (keepsChannelContext(settings, place.settingsChannelId)) {
        this.g.conversations.addChannelMessage(message.channel_id, { id: message.author.id, name, isBot: false }, message.content, message.id);
      }
      this.stream(conversationId, message.channel_id, message.author.id, 'user', message.content, place);
      // An agent holds this conversation: the AI stays out; the agents see the message live.
      if (this.g.desk.isHeld(conversationId)) {
        this.g.desk.noteMemberMessage(conversationId, message.id);
        this.g.conversations.addTurn(convo.channelId, convo.userId, 'user', message.content, message.id);
        return;
      }
    }

    const decision = decideReplyIn(
      settings,
      place,
      {
        id: message.id,
        authorId: message.author.id,
        authorIsBot: message.author.bot === true,
        webhookId: message.webhook_id ?? null,
        channelId: message.channel_id,
        content: message.content,
        mentionUserIds: message.mentions.map((user) => user.id),
      },
      botUserId,
    );
    if (decision.kind === 'ignore') return;
    // A forum post Herald answers: its author (the thread's owner) may later mark it "Solved".
    if (place.thread?.forum) this.g.feedback.recordForumThread(place.thread.id, place.thread.conversationUserId);
    const replyTo = { messageId: message.id, channelId: message.channel_id, guildId };
    // A reply an earlier attempt decided (its post failed) is posted as it was: no second model call or count.
    let text = this.g.replies.pending(message.id);
    const stored = text !== null;
    let exchange = stored ? this.g.replies.exchangeOf(message.id) : null;
    if (text === null) {
      text = decision.kind === 'greet' ? GREETING : await this.replyText(decision.kind, decision.question, conversationId, message.channel_id, message.author.id, message.id, convo);
      exchange = this.takeExchange(message.id);
      if (text === null) return;
    }
    // Kept only if the post fails (for the retry); a kept reply is dropped once delivered.
    const reply = text;
    const decided = exchange;
    let posted: { channelId: string } = { channelId: message.channel_id };
    await this.g.replies.deliver(
      message.id,
      reply,
      stored,
      async () => {
        posted = await this.postAnswer(message, decision.kind !== 'greet' && threadsHere ? decision.question : null, reply, replyTo, decided);
      },
      decided,
    );
    if (keepsChannelContext(settings, place.settingsChannelId)) {
      this.g.conversations.addChannelMessage(posted.channelId, { id: botUserId, name: 'Herald', isBot: true }, text, null);
    }
    this.stream(conversationId, posted.channelId, message.author.id, 'bot', text, place);
    log('GuildActor.answered', { guildId, channelId: posted.channelId, messageId: message.id, kind: decision.kind, answerer: this.answerer().kind, threadId: place.thread?.id ?? null });
  }

  /**
   * Posts the answer: with `threadName` (autoThread) in a new thread started from the question, else as a reply
   * where the question was. When Discord refuses the thread (or a message in it), the answer goes in the channel.
   */
  private async postAnswer(
    message: MessageCreateEvent['message'],
    threadName: string | null,
    text: string,
    replyTo: { messageId: string; channelId: string; guildId: string },
    exchange: Exchange | null,
  ): Promise<{ channelId: string }> {
    if (threadName !== null) {
      const opened = await openAnswerThread(this.g.discord, replyTo.guildId, message.channel_id, message.id, threadNameOf(threadName));
      if (opened.ok) {
        this.g.threads.openedFor({ ...opened.thread, parentId: message.channel_id }, message.author.id);
        // The thread starts at the question, so the answer needs no reply reference (nor could reference another channel).
        const buttons = this.g.feedback.buttonsFor(exchange?.answer);
        const inThread = await this.g.discord.post(opened.thread.id, text, null, message.id, buttons);
        if (inThread.ok) {
          if (exchange) this.g.conversations.addExchange(exchange, { messageId: inThread.messageId ?? null, channelId: opened.thread.id });
          return { channelId: opened.thread.id };
        }
        log('GuildActor.autoThreadFallback', { guildId: replyTo.guildId, channelId: message.channel_id, messageId: message.id, outcome: inThread.outcome });
      }
    }
    // Keyed by the member's message: if this event is handled again after a crash, Discord creates nothing new.
    const buttons = this.g.feedback.buttonsFor(exchange?.answer);
    const posted = await this.g.discord.post(message.channel_id, text, replyTo, message.id, buttons);
    // Written once the post is settled (a refused post keeps the memory and the record, as before, without a message).
    if (exchange) this.g.conversations.addExchange(exchange, { messageId: posted.ok ? (posted.messageId ?? null) : null, channelId: message.channel_id });
    return { channelId: message.channel_id };
  }

  /** An edited message is moderated again (nothing else: edits are not answered). */
  async handleEdit(event: MessageUpdateEvent): Promise<void> {
    const settings = this.g.settings();
    if (event.bot.appKey !== (settings.customBot ? settings.customBot.applicationId : 'shared')) return;
    const message = event.message;
    if (!this.g.moderator.applies(settings, message, event.bot.botUserId) || !(await this.g.meter.consume('moderation', event.eventId))) return;
    if (await this.g.moderator.moderate(settings, this.g.guildId(), message, this.moderationJudge())) {
      // The edited text broke a rule: it must not feed later answers either.
      this.g.conversations.forgetMessage(message.id);
    }
  }

  async handleAsk(event: AskEvent): Promise<void> {
    const settings = this.g.settings();
    // In a thread, /ask joins the thread's conversation (its memory) and follows the parent's exemptions.
    const place = await this.g.threads.placeOf(event.channelId);
    const convo = conversationKeyOf(place, event.userId);
    const conversationId = conversationIdOf(convo.channelId, convo.userId);
    // The interaction was acknowledged, so it always gets an answer: a notice when it came through an
    // application this guild does not use, when the quota is spent, or when an agent holds the conversation.
    const wrongApplication = event.via !== (settings.customBot?.applicationId ?? 'shared');
    if (!wrongApplication) this.stream(conversationId, event.channelId, event.userId, 'user', event.question, place);
    // A reply an earlier attempt decided (its delivery failed) is delivered as it was: no second model call or count.
    let text = this.g.replies.pending(event.eventId);
    const stored = text !== null;
    let exchange = stored ? this.g.replies.exchangeOf(event.eventId) : null;
    if (text === null) {
      text = wrongApplication ? WRONG_APPLICATION_TEXT : await this.askReplyText(event, conversationId, place, convo);
      exchange = this.takeExchange(event.eventId);
    }
    // Discord only knows the follow-up webhook once our deferred response reached it.
    const wait = event.acknowledgedAt + FOLLOW_UP_GRACE_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const buttons = wrongApplication ? undefined : this.g.feedback.buttonsFor(exchange?.answer);
    const reply = text;
    const decided = exchange;
    await this.g.replies.deliver(
      event.eventId,
      reply,
      stored,
      async () => {
        const posted = await this.g.discord.postFollowUp(event.applicationId, event.interactionToken, reply, event.acknowledgedAt, buttons);
        if (decided) this.g.conversations.addExchange(decided, { messageId: posted.ok ? (posted.messageId ?? null) : null, channelId: null });
      },
      decided,
    );
    if (!wrongApplication) this.stream(conversationId, event.channelId, event.userId, 'bot', text, place);
    log('GuildActor.answeredAsk', { guildId: this.g.guildId(), channelId: event.channelId, eventId: event.eventId, answerer: this.answerer().kind });
  }

  /**
   * What a member's message gets when the bot was asked (or, in smart mode, may answer); null to stay quiet.
   * A spent quota stops every model call, the uncounted ones too (smart-mode classifier, "wants a human"):
   * only the offline "wants a human" phrases are still recognised, so a member can always reach a person.
   */
  private async replyText(
    kind: 'answer' | 'judge',
    question: string,
    conversationId: string,
    channelId: string,
    userId: string,
    messageId: string,
    memory: { channelId: string; userId: string } = { channelId, userId },
  ): Promise<string | null> {
    const room = await this.g.meter.hasRoom();
    if (kind === 'judge' && room && !(await this.judge(question, channelId, messageId))) {
      log('GuildActor.skippedCasualChat', { guildId: this.g.guildId(), channelId, messageId });
      return null;
    }
    const escalated = await this.escalateIfAsked(conversationId, memory.channelId, memory.userId, question, room, userId);
    if (escalated) return escalated;
    if (!room) return null;
    // memberAnswersPerHour: a capped member is told once an hour, then the bot stays quiet for them.
    const limit = this.g.memberLimit.check(userId, this.g.settings().memberAnswersPerHour, messageId);
    if (limit.kind === 'silent') {
      log('GuildActor.skippedMemberLimit', { guildId: this.g.guildId(), channelId, messageId });
      return null;
    }
    if (limit.kind === 'notice') {
      this.g.memberLimit.record(userId, messageId, 'notice');
      return MEMBER_LIMIT_TEXT;
    }
    return this.answerQuestion(channelId, userId, question, messageId, messageId, memory);
  }

  /** What a `/ask` gets; always some text, since Discord shows "thinking…" until the follow-up arrives. */
  private async askReplyText(event: AskEvent, conversationId: string, place: Place, convo: { channelId: string; userId: string }): Promise<string> {
    if (await this.moderateAsk(event, place.settingsChannelId)) return ASK_MODERATED_TEXT;
    if (this.g.desk.isHeld(conversationId)) return HELD_TEXT;
    const room = await this.g.meter.hasRoom();
    const escalated = await this.escalateIfAsked(conversationId, convo.channelId, convo.userId, event.question, room, event.userId);
    if (escalated) return escalated;
    if (!room) return QUOTA_SPENT_TEXT;
    if (this.g.memberLimit.check(event.userId, this.g.settings().memberAnswersPerHour, event.eventId).kind !== 'answer') return MEMBER_LIMIT_TEXT;
    return (await this.answerQuestion(event.channelId, event.userId, event.question, null, event.eventId, convo)) ?? QUOTA_SPENT_TEXT;
  }

  /**
   * A `/ask` question is moderated like a message (and counts one check); true when it was moderated for real,
   * so it is neither answered nor remembered. There is no message to delete: "delete" means not answering it.
   */
  private async moderateAsk(event: AskEvent, settingsChannelId = event.channelId): Promise<boolean> {
    const settings = this.g.settings();
    const question: ModeratedMessage = {
      id: event.eventId.replace(/^interaction:/, ''),
      channel_id: event.channelId,
      content: event.question,
      mentions: [],
      mention_roles: [],
      author: { id: event.userId, bot: false },
      member: { roles: event.roleIds ?? [] },
      fromAsk: true,
    };
    if (!this.g.moderator.applies(settings, { ...question, channel_id: settingsChannelId }, '')) return false;
    const earlier = this.g.moderator.earlierCheck(question.id);
    if (earlier) return earlier.moderated;
    if (!(await this.g.meter.consume('moderation', question.id))) return false;
    return this.g.moderator.moderate(settings, this.g.guildId(), question, this.moderationJudge());
  }

  /**
   * A member who asks for a person: agents see an `escalation`, the owner is notified (at most once an hour
   * per conversation), and the member is told; with tickets, a private ticket thread is opened instead.
   * Returns what the member is told when they asked, else null.
   */
  private async escalateIfAsked(
    conversationId: string,
    channelId: string,
    userId: string,
    text: string,
    modelAllowed: boolean,
    /** Who asked (in a thread the conversation is filed under its owner): a ticket is theirs. */
    memberId = userId,
  ): Promise<string | null> {
    let asked: boolean;
    try {
      asked = modelAllowed ? await this.answerer().wantsHuman(text) : wantsHuman(text);
    } catch (error) {
      logError('GuildActor.wantsHuman', error, { guildId: this.g.guildId() });
      return null;
    }
    if (!asked) return null;
    if (this.g.tickets.enabled()) {
      this.g.conversations.addTurn(channelId, userId, 'user', text, null);
      return (await this.g.tickets.open({ userId: memberId, sourceChannelId: channelId, trigger: 'asked to talk to a person' })).text;
    }
    this.g.feedback.recordEscalation(conversationId, 'asked');
    const reason = 'the member asked to talk to a person';
    this.g.desk.broadcast({ type: 'escalation', conversationId, reason });
    this.g.conversations.addTurn(channelId, userId, 'user', text, null);
    if (this.g.escalator.claim(conversationId)) {
      const notice = { guildId: this.g.guildId(), conversationId, channelId, userId, content: text, reason, at: new Date().toISOString() };
      await this.g.escalator.notifyOwner(readConfig(this.g.env), this.g.settings().escalationEmail, notice);
    }
    log('GuildActor.escalated', { guildId: this.g.guildId(), conversationId });
    return HUMAN_NOTIFIED_TEXT;
  }

  /** Smart mode's judgement; a failing model means "don't answer" (casual chat is the common case). */
  private async judge(text: string, channelId: string, messageId: string): Promise<boolean> {
    try {
      const context = this.g.settings().channelAwareness ? this.channelContext(channelId, messageId) : null;
      return await this.answerer().shouldAnswer(text, context);
    } catch (error) {
      logError('GuildActor.smartModeJudge', error, { guildId: this.g.guildId(), channelId, messageId });
      return false;
    }
  }

  /**
   * The answer to a member's question, with their recent turns as memory and (in "all" mode with channel
   * awareness) the channel's conversation. Records both turns; a failing model gives a short apology.
   * Null when this month's quota is spent (the bot stays quiet). Counted under `countKey` (the member's message
   * or the interaction) before the model is asked, so a spent quota asks nothing and a retry counts nothing.
   */
  private async answerQuestion(
    channelId: string,
    userId: string,
    question: string,
    messageId: string | null,
    countKey: string,
    memory: { channelId: string; userId: string } = { channelId, userId },
  ): Promise<string | null> {
    if (!(await this.g.meter.consume('answer', countKey))) return null;
    // Answers are recorded only while a cap is set (nothing reads them otherwise): a new cap counts from then on.
    if (this.g.settings().memberAnswersPerHour !== null) this.g.memberLimit.record(userId, countKey, 'answer');
    const settings = this.g.settings();
    // A thread's memory is the thread's (whoever asked in it); elsewhere the member's own turns in the channel.
    const history = this.g.conversations.recentTurns(memory.channelId, memory.userId);
    const { passages, searchedWith } = await this.retriever().retrieve(question, history);
    const channelContext = settings.responseMode === 'all' && settings.channelAwareness ? this.channelContext(channelId, messageId) : null;
    let text: string;
    try {
      const answer = await this.answerer().answer({ question, passages, history, channelContext, searchedWith });
      text = answer.text;
      const record = this.g.feedback.answerRecord({ answerId: countKey.replace(/^interaction:/, ''), channelId, userId, question, answered: answer.grounded, source: messageId === null ? 'ask' : settings.responseMode === 'all' ? 'all' : 'mention' });
      // Both turns and the record are one row, written once the answer is posted (see takeExchange).
      this.decided.set(countKey, { channelId: memory.channelId, userId: memory.userId, question, messageId, reply: text, at: Date.now(), answer: record });
    } catch (error) {
      logError('GuildActor.answer', error, { guildId: this.g.guildId(), channelId, answerer: this.answerer().kind });
      return APOLOGY_TEXT;
    }
    return text;
  }

  /** Full-text retrieval, hybrid with embeddings when a model is configured (src/retrieval/). */
  private retriever(): Retriever {
    if (!this.retrieverInstance) {
      const config = readConfig(this.g.env);
      const embedder = config.openaiApiKey ? new OpenAIEmbedder({ apiKey: config.openaiApiKey, baseUrl: config.openaiBaseUrl }) : null;
      this.retrieverInstance = new Retriever(this.g.knowledge, embedder, (error) => logError('GuildActor.embed', error, { guildId: this.g.guildId() }));
    }
    return this.retrieverInstance;
  }

  /** The channel's recent conversation, without the message being answered (that one is the question). */
  private channelContext(channelId: string, excludeMessageId: string | null): ChannelLine[] {
    return this.g.conversations.channelContext(channelId).filter((line) => excludeMessageId === null || line.messageId !== excludeMessageId);
  }

  /** Agents see only channels Herald answers in and that every member can see (never a private channel). */
  private stream(conversationId: string, channelId: string, userId: string, author: 'user' | 'bot', content: string, place?: Place): void {
    // No agent watching (the usual case): nothing to look up.
    if (this.g.desk.sockets().length === 0) return;
    // A thread is as visible as its parent (a private thread never is); a forum post counts where its forum is covered.
    const scope = place?.settingsChannelId ?? channelId;
    if (place?.thread?.private) return;
    const settings = this.g.settings();
    const answered = answersInChannel(settings, scope) || (place?.thread?.forum === true && forumCovers(settings, scope));
    if (!answered || !this.g.channels.isPublic(scope)) return;
    this.g.desk.broadcast({ type: 'message', conversationId, guildId: this.g.guildId(), channelId, userId, author, content, at: new Date().toISOString() });
  }

  answerer(): Answerer {
    this.answererInstance ??= createAnswerer(readConfig(this.g.env));
    return this.answererInstance;
  }

  /** The AI moderation layer, only with a model configured (offline, the deterministic rules alone apply). */
  private moderationJudge(): ModerationJudge | null {
    const config = readConfig(this.g.env);
    if (!config.openaiApiKey) return null;
    this.judgeInstance ??= new ModelJudge({ apiKey: config.openaiApiKey, baseUrl: config.openaiBaseUrl, model: config.aiModel });
    return this.judgeInstance;
  }
}
