// The body checks Discord makes on message create / edit beyond content length: allowed_mentions, nonce,
// components and embed limits. Each failure is the 50035 Invalid Form Body Discord sends, naming the field.
import { AllowedMentionsTypes, MessageFlags } from './discord-enums.js';
import type { APIAllowedMentions, APIEmbed, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { Errors, isRecord } from './http-util.js';

/** Discord's documented limits. */
export const LIMITS = {
  allowedMentionIds: 100,
  nonceLength: 25,
  actionRows: 5,
  componentsPerRow: 5,
  customIdLength: 100,
  buttonLabelLength: 80,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  embedTotal: 6000,
} as const;

const PARSE_TYPES = new Set<string>(Object.values(AllowedMentionsTypes));
const SNOWFLAKE = /^\d{1,20}$/;

/** allowed_mentions: known `parse` types, at most 100 ids each, and `parse: ['users']` not with `users` (same for roles). */
export function parseAllowedMentions(value: unknown): APIAllowedMentions | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (!isRecord(value)) throw Errors.invalidForm('allowed_mentions', 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  const out: APIAllowedMentions = {};
  if (value.parse !== undefined && value.parse !== null) {
    if (!Array.isArray(value.parse)) throw Errors.invalidForm('allowed_mentions.parse', 'BASE_TYPE_LIST', 'Must be a list.');
    value.parse.forEach((type: unknown, i) => {
      if (typeof type !== 'string' || !PARSE_TYPES.has(type)) {
        throw Errors.invalidForm(`allowed_mentions.parse.${i}`, 'BASE_TYPE_CHOICES', `Value must be one of {${[...PARSE_TYPES].map((t) => `'${t}'`).join(', ')}}.`);
      }
    });
    out.parse = value.parse as AllowedMentionsTypes[];
  }
  for (const field of ['users', 'roles'] as const) {
    const ids = value[field];
    if (ids === undefined || ids === null) continue;
    if (!Array.isArray(ids)) throw Errors.invalidForm(`allowed_mentions.${field}`, 'BASE_TYPE_LIST', 'Must be a list.');
    if (ids.length > LIMITS.allowedMentionIds) {
      throw Errors.invalidForm(`allowed_mentions.${field}`, 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.allowedMentionIds} or fewer in length.`);
    }
    ids.forEach((id: unknown, i) => {
      if (typeof id !== 'string' || !SNOWFLAKE.test(id)) throw Errors.invalidForm(`allowed_mentions.${field}.${i}`, 'NUMBER_TYPE_COERCE', `Value "${String(id)}" is not snowflake.`);
    });
    if (out.parse?.includes(field as AllowedMentionsTypes)) {
      throw Errors.invalidForm('allowed_mentions', 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${field}"] and ${field}: [ids] are mutually exclusive.`);
    }
    out[field] = ids as string[];
  }
  if (value.replied_user !== undefined && value.replied_user !== null) {
    if (typeof value.replied_user !== 'boolean') throw Errors.invalidForm('allowed_mentions.replied_user', 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    out.replied_user = value.replied_user;
  }
  return out;
}

/** nonce: a string of at most 25 characters or an integer. */
export function parseNonce(value: unknown): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw Errors.invalidForm('nonce', 'NUMBER_TYPE_COERCE', `Value "${value}" is not int.`);
    return value;
  }
  if (typeof value !== 'string') throw Errors.invalidForm('nonce', 'BASE_TYPE_STRING', 'Must be a string.');
  if (value.length > LIMITS.nonceLength) throw Errors.invalidForm('nonce', 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${LIMITS.nonceLength} in length.`);
  return value;
}

const BUTTON = 2;
const ACTION_ROW = 1;
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);
const LINK_STYLE = 5;
const PREMIUM_STYLE = 6;

/**
 * components: at most 5 action rows of 1 to 5 components; buttons with a label of at most 80 characters and
 * either a custom_id (1-100, unique in the message) or, for link buttons, a url; a select menu alone in its
 * row. Messages flagged IS_COMPONENTS_V2 use the newer layout and are only checked for being a list.
 */
export function parseComponents(value: unknown, flags: number): APIMessageTopLevelComponent[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw Errors.invalidForm('components', 'BASE_TYPE_LIST', 'Must be a list.');
  if ((flags & MessageFlags.IsComponentsV2) !== 0) return value as APIMessageTopLevelComponent[];
  if (value.length > LIMITS.actionRows) throw Errors.invalidForm('components', 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.actionRows} or fewer in length.`);
  const customIds = new Set<string>();
  value.forEach((row: unknown, r) => {
    const at = `components.${r}`;
    if (!isRecord(row) || row.type !== ACTION_ROW) throw Errors.invalidForm(`${at}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
    if (!Array.isArray(row.components) || row.components.length < 1 || row.components.length > LIMITS.componentsPerRow) {
      throw Errors.invalidForm(`${at}.components`, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${LIMITS.componentsPerRow} in length.`);
    }
    const children: unknown[] = row.components;
    children.forEach((child, c) => {
      const cat = `${at}.components.${c}`;
      if (!isRecord(child) || typeof child.type !== 'number' || !(child.type === BUTTON || SELECT_TYPES.has(child.type))) {
        throw Errors.invalidForm(`${cat}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
      }
      if (SELECT_TYPES.has(child.type) && children.length > 1) {
        throw Errors.invalidForm(`${at}.components`, 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
      }
      const link = child.type === BUTTON && child.style === LINK_STYLE;
      const premium = child.type === BUTTON && child.style === PREMIUM_STYLE;
      if (child.type === BUTTON) {
        if (typeof child.style !== 'number' || child.style < 1 || child.style > 6) throw Errors.invalidForm(`${cat}.style`, 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
        if (child.label !== undefined && (typeof child.label !== 'string' || child.label.length > LIMITS.buttonLabelLength)) {
          throw Errors.invalidForm(`${cat}.label`, 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.buttonLabelLength} or fewer in length.`);
        }
        if (link && (typeof child.url !== 'string' || child.custom_id !== undefined)) {
          throw Errors.invalidForm(`${cat}.url`, 'BUTTON_COMPONENT_URL_REQUIRED', 'A url is required (and no custom_id) for link buttons');
        }
      }
      if (link || premium) return;
      if (typeof child.custom_id !== 'string' || child.custom_id.length < 1 || child.custom_id.length > LIMITS.customIdLength) {
        throw Errors.invalidForm(`${cat}.custom_id`, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${LIMITS.customIdLength} in length.`);
      }
      if (customIds.has(child.custom_id)) throw Errors.invalidForm(`${cat}.custom_id`, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      customIds.add(child.custom_id);
    });
  });
  return value as APIMessageTopLevelComponent[];
}

/** embeds: at most 10, each field within its limit, and at most 6,000 characters of text across all of them. */
export function parseEmbeds(value: unknown): APIEmbed[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw Errors.invalidForm('embeds', 'BASE_TYPE_LIST', 'Must be a list.');
  if (value.length > LIMITS.embeds) throw Errors.invalidForm('embeds', 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.embeds} or fewer in length.`);
  let total = 0;
  value.forEach((embed: unknown, i) => {
    const at = `embeds.${i}`;
    if (!isRecord(embed)) throw Errors.invalidForm(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    total += text(embed.title, `${at}.title`, LIMITS.embedTitle);
    total += text(embed.description, `${at}.description`, LIMITS.embedDescription);
    if (isRecord(embed.footer)) total += text(embed.footer.text, `${at}.footer.text`, LIMITS.embedFooterText);
    if (isRecord(embed.author)) total += text(embed.author.name, `${at}.author.name`, LIMITS.embedAuthorName);
    if (embed.fields !== undefined) {
      if (!Array.isArray(embed.fields)) throw Errors.invalidForm(`${at}.fields`, 'BASE_TYPE_LIST', 'Must be a list.');
      if (embed.fields.length > LIMITS.embedFields) throw Errors.invalidForm(`${at}.fields`, 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.embedFields} or fewer in length.`);
      embed.fields.forEach((field: unknown, f) => {
        const fat = `${at}.fields.${f}`;
        if (!isRecord(field)) throw Errors.invalidForm(fat, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
        for (const [name, max] of [['name', LIMITS.embedFieldName], ['value', LIMITS.embedFieldValue]] as const) {
          if (typeof field[name] !== 'string' || field[name] === '') throw Errors.invalidForm(`${fat}.${name}`, 'BASE_TYPE_REQUIRED', 'This field is required');
          total += text(field[name], `${fat}.${name}`, max);
        }
      });
    }
  });
  if (total > LIMITS.embedTotal) throw Errors.invalidForm('embeds', 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  return value as APIEmbed[];
}

function text(value: unknown, field: string, max: number): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'string') throw Errors.invalidForm(field, 'BASE_TYPE_STRING', 'Must be a string.');
  const length = [...value].length;
  if (length > max) throw Errors.invalidForm(field, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return length;
}
