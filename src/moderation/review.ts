// The review queue and appeals (moderation.review, contract §4): which decisions wait for a human, who may
// decide them, and the cards posted to the review channel. Pure: plain data in, message bodies out.

import {
  ButtonStyle,
  ComponentType,
  PermissionFlagsBits,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { buildCustomId } from '../components/custom-id';
import type { ModerationReviewSettings } from '../guild/settings';
import { actionRank, type ModAction } from './rules';

/** Outcomes of the review queue, beside "done", "dry-run", "reversed" and errors. */
export const PENDING_REVIEW = 'pending-review';
export const APPROVED = 'approved';
export const DISMISSED = 'dismissed';

/** How much of a member's message a card quotes (an embed field holds at most 1024 characters). */
export const CARD_MESSAGE_CHARS = 1_000;
const FIELD_CHARS = 1_024;

/** Whether a decision waits in the review channel: model-decided, at or above `from`, and a channel to post to. */
export function needsReview(decision: { action: ModAction; source: 'rules' | 'ai'; dryRun: boolean }, review: ModerationReviewSettings): boolean {
  return review.enabled && review.channelId !== null && decision.source === 'ai' && !decision.dryRun && actionRank(decision.action) >= actionRank(review.from);
}

/** The permission a member needs to approve (or reverse) an action, as Discord requires it for the action itself. */
export function permissionFor(action: ModAction): bigint {
  switch (action) {
    case 'delete':
      return PermissionFlagsBits.ManageMessages;
    // A warning is a message; whoever may time members out may judge warnings.
    case 'warn':
    case 'timeout':
      return PermissionFlagsBits.ModerateMembers;
    case 'kick':
      return PermissionFlagsBits.KickMembers;
    case 'ban':
      return PermissionFlagsBits.BanMembers;
  }
}

export const PERMISSION_NAMES: Readonly<Record<ModAction, string>> = {
  delete: 'Manage Messages',
  warn: 'Timeout Members',
  timeout: 'Timeout Members',
  kick: 'Kick Members',
  ban: 'Ban Members',
};

/** Whether a click's permissions (Discord's decimal bit set) allow deciding on `action`; Administrator allows all. */
export function mayDecide(permissions: string, action: ModAction): boolean {
  let bits: bigint;
  try {
    bits = BigInt(permissions);
  } catch {
    return false;
  }
  return (bits & PermissionFlagsBits.Administrator) !== 0n || (bits & permissionFor(action)) !== 0n;
}

/** A log entry as the cards show it. */
export interface CardEntry {
  id: string;
  action: ModAction;
  reason: string;
  rule: string;
  quote: string;
  userId: string;
  channelId: string;
  content: string;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function quoted(text: string): string {
  return text.trim() === '' ? '(no text)' : clip(text, FIELD_CHARS);
}

function entryFields(entry: CardEntry): APIEmbed['fields'] {
  return [
    { name: 'Member', value: `<@${entry.userId}> in <#${entry.channelId}>`, inline: true },
    { name: 'Proposed action', value: entry.action, inline: true },
    { name: 'Rule', value: quoted(entry.rule) },
    { name: 'Quoted words', value: quoted(entry.quote) },
    { name: 'Message', value: quoted(clip(entry.content, CARD_MESSAGE_CHARS)) },
    { name: 'Why', value: quoted(entry.reason) },
  ];
}

function buttons(...items: { label: string; style: ButtonStyle.Success | ButtonStyle.Secondary | ButtonStyle.Danger; customId: string }[]): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: items.map((item) => ({ type: ComponentType.Button, style: item.style, label: item.label, custom_id: item.customId })),
    },
  ];
}

/** The review card: what the model proposes, with Approve / Dismiss. It mentions nobody (parse: []). */
export function reviewCard(entry: CardEntry): RESTPostAPIChannelMessageJSONBody {
  return {
    content: `Review: the model proposes to **${entry.action}** a member.`,
    embeds: [{ title: `Moderation review #${entry.id}`, fields: entryFields(entry) }],
    components: buttons(
      { label: 'Approve', style: ButtonStyle.Danger, customId: buildCustomId('review', 'approve', entry.id) },
      { label: 'Dismiss', style: ButtonStyle.Secondary, customId: buildCustomId('review', 'dismiss', entry.id) },
    ),
    allowed_mentions: { parse: [] },
  };
}

/** An appeal card: the member contests an action; staff may reverse it. */
export function appealCard(entry: CardEntry): RESTPostAPIChannelMessageJSONBody {
  return {
    content: `Appeal: <@${entry.userId}> contests a **${entry.action}**.`,
    embeds: [{ title: `Appeal of moderation #${entry.id}`, fields: entryFields(entry) }],
    components: buttons({ label: 'Reverse', style: ButtonStyle.Danger, customId: buildCustomId('review', 'reverse', entry.id) }),
    allowed_mentions: { parse: [] },
  };
}

/** A card once decided: the same text, a line saying who decided, and no buttons left. */
export function decidedCard(card: { content: string; embeds: APIEmbed[] }, decision: string, userId: string): { content: string; embeds: APIEmbed[]; components: []; allowed_mentions: { parse: [] } } {
  return { content: clip(`${card.content}\n${decision} by <@${userId}>.`, 2_000), embeds: card.embeds, components: [], allowed_mentions: { parse: [] } };
}

/** The Appeal button on a warning or timeout notice (only the member it names may use it). */
export function appealButton(entryId: string): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return buttons({ label: 'Appeal', style: ButtonStyle.Secondary, customId: buildCustomId('appeal', entryId) });
}
