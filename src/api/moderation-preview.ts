// The request side of POST /api/guilds/:guildId/moderation/preview (contract §3) and the warnings a settings
// save returns when rules cannot be enforced as written.

import { MAX_RULES_CHARS } from '../guild/settings';
import { parseRules } from '../moderation/rules';
import type { PreviewMessage } from '../moderation/preview';
import { HttpError, isRecord } from './http';

/** The longest message a preview takes: Discord's own limit (4000 characters, with Nitro). */
export const MAX_PREVIEW_MESSAGE_CHARS = 4_000;
/** At most this many role ids in a preview message (a guild has at most 250 roles). */
export const MAX_PREVIEW_ROLE_IDS = 250;

const SNOWFLAKE = /^\d{17,20}$/;
const BODY_FIELDS = ['rules', 'message'];
const MESSAGE_FIELDS = ['content', 'userId', 'roleIds'];

export interface PreviewRequest {
  /** null: the stored rules. */
  rules: string | null;
  message: PreviewMessage | null;
}

/** Validates the body; every problem is a 400 naming its field. */
export function parsePreviewBody(body: unknown): PreviewRequest {
  if (body === null || body === undefined) return { rules: null, message: null };
  if (!isRecord(body)) throw new HttpError(400, 'body: must be a JSON object with "rules" and/or "message"', 'body');
  const unknown = Object.keys(body).find((key) => !BODY_FIELDS.includes(key));
  if (unknown !== undefined) throw new HttpError(400, `${unknown.slice(0, 100)}: unknown field (expected "rules" or "message")`, unknown.slice(0, 100));
  const { rules, message } = body;
  if (rules !== undefined && (typeof rules !== 'string' || rules.length > MAX_RULES_CHARS)) {
    throw new HttpError(400, `rules: must be a string of at most ${MAX_RULES_CHARS} characters`, 'rules');
  }
  return { rules: typeof rules === 'string' ? rules : null, message: message === undefined ? null : parseMessage(message) };
}

function parseMessage(message: unknown): PreviewMessage {
  if (!isRecord(message)) throw new HttpError(400, 'message: must be an object with "content"', 'message');
  const unknown = Object.keys(message).find((key) => !MESSAGE_FIELDS.includes(key));
  if (unknown !== undefined) throw new HttpError(400, `message.${unknown.slice(0, 100)}: unknown field`, `message.${unknown.slice(0, 100)}`);
  const { content, userId, roleIds } = message;
  if (typeof content !== 'string' || content.length > MAX_PREVIEW_MESSAGE_CHARS) {
    throw new HttpError(400, `message.content: must be a string of at most ${MAX_PREVIEW_MESSAGE_CHARS} characters`, 'message.content');
  }
  if (userId !== undefined && (typeof userId !== 'string' || !SNOWFLAKE.test(userId))) {
    throw new HttpError(400, 'message.userId: must be a Discord id (a string of 17 to 20 digits)', 'message.userId');
  }
  if (roleIds !== undefined && (!Array.isArray(roleIds) || roleIds.length > MAX_PREVIEW_ROLE_IDS || !roleIds.every((id) => typeof id === 'string' && SNOWFLAKE.test(id)))) {
    throw new HttpError(400, `message.roleIds: must be a list of at most ${MAX_PREVIEW_ROLE_IDS} Discord ids`, 'message.roleIds');
  }
  return { content, userId: typeof userId === 'string' ? userId : null, roleIds: Array.isArray(roleIds) ? (roleIds as string[]) : [] };
}

/**
 * Warnings for a saved settings body: rules only a model can judge, while no model is configured, are not
 * enforced at all; the owner hears it when saving, not when a message gets through.
 */
export function rulesWarnings(rulesText: string, moderationEnabled: boolean, modelConfigured: boolean): string[] {
  if (modelConfigured || !moderationEnabled) return [];
  const modelOnly = parseRules(rulesText).freeText;
  if (modelOnly.length === 0) return [];
  const shown = modelOnly.slice(0, 5).map((line) => `"${line.slice(0, 80)}"`).join(', ');
  const more = modelOnly.length > 5 ? ` and ${modelOnly.length - 5} more` : '';
  return [
    `moderation.rules: ${modelOnly.length} rule(s) only a model can judge are not enforced, because no model is configured (OPENAI_API_KEY): ${shown}${more}. Write them as rules Herald checks by itself (see POST .../moderation/preview) or configure a model.`,
  ];
}

/** Warnings about the review queue as saved: it can only hold what a model decides, in a channel. */
export function reviewWarnings(review: { enabled: boolean; channelId: string | null }, moderationEnabled: boolean, modelConfigured: boolean): string[] {
  if (!moderationEnabled || !review.enabled) return [];
  if (review.channelId === null) return ['moderation.review: enabled without a channelId, so AI decisions are taken at once; choose a review channel.'];
  if (!modelConfigured) return ['moderation.review: only AI decisions wait for review, and no model is configured: rule-based actions are taken at once.'];
  return [];
}
