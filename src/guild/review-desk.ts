// The review queue's and appeals' buttons (herald:review:<approve|dismiss|reverse>:<logId>,
// herald:appeal:<logId>). A click is answered at once (Discord's 3-second deadline): the decision is recorded
// and the card updated in the response; the Discord action itself runs from the actor's one alarm
// ('moderation' timer, keyed by what to do), so it survives eviction and is retried on a rate limit,
// instead of racing the response in a waitUntil that nothing retries.

import { InteractionResponseType, type APIInteractionResponse, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { ComponentClick } from '../components/click';
import { ephemeral } from '../components/responses';
import { DiscordApiError, RateLimitedError } from '../discord/rest';
import { log, logError } from '../log';
import { appealCard, APPROVED, DISMISSED, decidedCard, mayDecide, PENDING_REVIEW, PERMISSION_NAMES, reviewCard } from '../moderation/review';
import { isModAction } from '../moderation/rules';
import type { Timers } from '../storage/timers';
import type { GuildDiscord } from './discord-output';
import { cardEntry, type LogRow, type Moderator } from './moderator';
import type { GuildTimer } from './schema';
import type { GuildSettings } from './settings';

/** What a 'moderation' timer does, as its key: `approve:<id>`, `reverse:<id>:<userId>` or `appeal:<id>`. */
type ModerationJob = { kind: 'approve'; id: number } | { kind: 'reverse'; id: number; by: string } | { kind: 'appeal'; id: number };

function parseJob(key: string): ModerationJob | null {
  const [kind, id, by] = key.split(':');
  const entryId = Number(id);
  if (!Number.isSafeInteger(entryId)) return null;
  if (kind === 'approve' || kind === 'appeal') return { kind, id: entryId };
  if (kind === 'reverse' && by) return { kind, id: entryId, by };
  return null;
}

const ENTRY_ID = /^\d{1,15}$/;

export class ReviewDesk {
  constructor(
    private readonly moderator: Moderator,
    private readonly discord: GuildDiscord,
    private readonly timers: Timers<GuildTimer>,
    private readonly storage: DurableObjectStorage,
    private readonly settings: () => GuildSettings,
  ) {}

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** herald:review:<approve|dismiss>:<logId> on a review card, herald:review:reverse:<logId> on an appeal card. */
  async onReviewClick(guildId: string, click: ComponentClick): Promise<APIInteractionResponse> {
    const [verb, id] = click.args;
    const row = id !== undefined && ENTRY_ID.test(id) ? this.moderator.row(Number(id)) : null;
    // The click must come from the card Herald posted for this entry: a forged custom_id elsewhere does nothing.
    const card = verb === 'reverse' ? row?.appeal_message_id : row?.card_message_id;
    if (!row || !isModAction(row.action) || card !== click.messageId || (verb !== 'approve' && verb !== 'dismiss' && verb !== 'reverse')) {
      return ephemeral('This card no longer works.');
    }
    if (!mayDecide(click.permissions, row.action)) return ephemeral(`Deciding on a ${row.action} needs the ${PERMISSION_NAMES[row.action]} permission.`);
    if (verb === 'reverse') {
      if (row.outcome !== 'done') return ephemeral(`Nothing to reverse: this entry is ${row.outcome}.`);
      await this.timers.schedule('moderation', Date.now(), `reverse:${row.id}:${click.userId}`);
      log('GuildActor.appealReversed', { guildId, entryId: row.id, by: click.userId });
      return this.updateCard(appealCard(cardEntry(row)), 'Reversed', click.userId);
    }
    if (row.outcome !== PENDING_REVIEW) return ephemeral(`Already decided${row.decided_by ? ` by <@${row.decided_by}>` : ''}: ${row.outcome}.`);
    const outcome = verb === 'approve' ? APPROVED : DISMISSED;
    this.sql.exec('UPDATE moderation_log SET outcome = ?, decided_by = ? WHERE id = ? AND outcome = ?', outcome, click.userId, row.id, PENDING_REVIEW);
    if (verb === 'approve') await this.timers.schedule('moderation', Date.now(), `approve:${row.id}`);
    log('GuildActor.moderationReviewed', { guildId, entryId: row.id, outcome, by: click.userId });
    return this.updateCard(reviewCard(cardEntry(row)), verb === 'approve' ? 'Approved' : 'Dismissed', click.userId);
  }

  /** herald:appeal:<logId> on a warning or timeout notice: only the member it names may appeal, once. */
  async onAppealClick(guildId: string, click: ComponentClick): Promise<APIInteractionResponse> {
    const [id] = click.args;
    const row = id !== undefined && ENTRY_ID.test(id) ? this.moderator.row(Number(id)) : null;
    if (!row) return ephemeral('This button no longer works.');
    if (row.user_id !== click.userId) return ephemeral('Only the member this notice is for may appeal it.');
    if (row.appealed_at !== null) return ephemeral('You already appealed; the moderators have it.');
    if (row.outcome !== 'done') return ephemeral(`There is nothing to appeal: this action is ${row.outcome}.`);
    this.sql.exec('UPDATE moderation_log SET appealed_at = ? WHERE id = ?', Date.now(), row.id);
    await this.timers.schedule('moderation', Date.now(), `appeal:${row.id}`);
    log('GuildActor.appealed', { guildId, entryId: row.id, userId: click.userId });
    const where = this.settings().moderation.review.channelId ? 'the moderators' : "the server's moderation log";
    return ephemeral(`Your appeal was sent to ${where}.`);
  }

  /** Runs one 'moderation' timer: the Discord side of a decision already recorded. */
  async runTimer(guildId: string, key: string): Promise<void> {
    const job = parseJob(key);
    if (!job) {
      logError('GuildActor.moderationTimer', new Error(`bad moderation timer key ${key}`), { guildId });
      return;
    }
    switch (job.kind) {
      case 'approve':
        await this.moderator.carryOut(guildId, this.settings(), job.id);
        return;
      case 'reverse': {
        const result = await this.moderator.reverse(guildId, job.id, job.by);
        if (!result.ok) log('GuildActor.reverseRefused', { guildId, entryId: job.id, status: result.status, error: result.error });
        return;
      }
      case 'appeal':
        await this.postAppeal(guildId, job.id);
        return;
      default: {
        const unknown: never = job;
        throw new Error(`unknown moderation job ${String(unknown)}`);
      }
    }
  }

  /** Without a review channel the appeal stays in the log (appealedAt), where staff reverse it with the API. */
  private async postAppeal(guildId: string, id: number): Promise<void> {
    const channelId = this.settings().moderation.review.channelId;
    const row: LogRow | null = this.moderator.row(id);
    const rest = this.discord.rest();
    if (!channelId || !row || row.appeal_message_id !== null || !rest) return;
    try {
      const card = await rest.post<{ id: string }>(`/channels/${channelId}/messages`, { body: appealCard(cardEntry(row)) });
      this.sql.exec('UPDATE moderation_log SET appeal_message_id = ? WHERE id = ?', card.id, id);
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      // The appeal is still recorded in the log; a card Discord refuses (permissions) is not retried.
      logError('GuildActor.appealCard', error, { guildId, entryId: id, outcome: error instanceof DiscordApiError ? error.outcome : String(error) });
    }
  }

  private updateCard(card: RESTPostAPIChannelMessageJSONBody, decision: string, userId: string): APIInteractionResponse {
    const decided = decidedCard({ content: card.content ?? '', embeds: card.embeds ?? [] }, decision, userId);
    return { type: InteractionResponseType.UpdateMessage, data: decided };
  }
}
