import { z } from 'zod';

export const RESPONSE_MODES = ['mention', 'all', 'ask'] as const;
export const PROACTIVE_FREQUENCIES = ['2h', '4h', '6h', '12h', 'daily', '2d', 'weekly'] as const;
export const PLANS = ['starter', 'standard', 'pro'] as const;

export type ResponseMode = (typeof RESPONSE_MODES)[number];
export type ProactiveFrequency = (typeof PROACTIVE_FREQUENCIES)[number];
export type Plan = (typeof PLANS)[number];

export interface ModerationActions {
  delete: boolean;
  warn: boolean;
  timeout: boolean;
  kick: boolean;
  ban: boolean;
}

export const MODERATION_ACTIONS = ['delete', 'warn', 'timeout', 'kick', 'ban'] as const;
export type ModerationActionName = (typeof MODERATION_ACTIONS)[number];

/** Model-decided actions at or above `from` wait in `channelId` for a member of staff to approve them. */
export interface ModerationReviewSettings {
  enabled: boolean;
  channelId: string | null;
  from: ModerationActionName;
}

export interface ModerationSettings {
  enabled: boolean;
  rules: string;
  actions: ModerationActions;
  timeoutMinutes: number;
  dryRun: boolean;
  exemptRoleIds: string[];
  exemptChannelIds: string[];
  review: ModerationReviewSettings;
  /** Mirror the rules Herald checks by itself into Discord AutoMod rules it owns. */
  automod: boolean;
}

/** Forum channels whose new posts Herald answers (empty = every forum). */
export interface ForumSettings {
  enabled: boolean;
  channelIds: string[];
}

/** "Talk to a human" opens a private thread in channelId with the member, pinging only staffRoleIds. */
export interface TicketSettings {
  enabled: boolean;
  channelId: string | null;
  staffRoleIds: string[];
}

export interface ProactiveSettings {
  enabled: boolean;
  /** Channel name without the leading '#'. */
  channel: string;
  frequency: ProactiveFrequency;
  topics: string;
}

export interface CustomBot {
  applicationId: string;
  publicKey: string;
  /** Write-only: never returned to clients (see publicSettings). */
  botToken: string;
}

export interface GuildSettings {
  responseMode: ResponseMode;
  smartMode: boolean;
  channelAwareness: boolean;
  /** Channels the bot answers in; empty means every channel. */
  channels: string[];
  moderation: ModerationSettings;
  proactive: ProactiveSettings;
  plan: Plan;
  accountId: string | null;
  monthlyLimit: number | null;
  /** AI answers one member may get per rolling hour; null = no cap. */
  memberAnswersPerHour: number | null;
  escalationEmail: string | null;
  customBot: CustomBot | null;
  /** Members with one of these roles may sign in to the dashboard as agents (live monitoring and takeover). */
  agentRoleIds: string[];
  forums: ForumSettings;
  /** Answer a question in a text channel inside a new thread started from it. */
  autoThread: boolean;
  /** Answers carry 👍 / 👎 and "Talk to a human" buttons. */
  feedback: boolean;
  tickets: TicketSettings;
}

export interface PublicCustomBot {
  applicationId: string;
  publicKey: string;
  botTokenSet: true;
}

export type PublicSettings = Omit<GuildSettings, 'customBot'> & { customBot: PublicCustomBot | null };

export type SettingsResult = { ok: true; settings: GuildSettings } | { ok: false; field: string; error: string };

export const PLAN_LIMITS: Readonly<Record<Plan, number>> = Object.freeze({ starter: 2500, standard: 15000, pro: 50000 });

export const MAX_RULES_CHARS = 10_000;
export const MAX_TOPICS_CHARS = 2_000;
export const MAX_TIMEOUT_MINUTES = 40_320;
/** The highest per-member cap an owner can set (answers per member per hour). */
export const MAX_MEMBER_ANSWERS_PER_HOUR = 1_000;
const MAX_CHANNEL_NAME_CHARS = 100;
const MAX_ACCOUNT_ID_CHARS = 100;
// Discord allows 500 channels and 250 roles per guild; anything longer is not a real list.
const MAX_ID_LIST_LENGTH = 500;
const MAX_BOT_TOKEN_CHARS = 500;
/** Bounds of a settings PATCH body, checked while reading it (documented in the README's settings section). */
export const MAX_SETTINGS_BODY_BYTES = 256 * 1024;
export const MAX_SETTINGS_DEPTH = 8;
export const SETTINGS_BODY_BOUNDS = {
  limit: MAX_SETTINGS_BODY_BYTES,
  maxDepth: MAX_SETTINGS_DEPTH,
  maxItems: MAX_ID_LIST_LENGTH,
  maxStringChars: MAX_RULES_CHARS,
} as const;

export const DEFAULT_SETTINGS: GuildSettings = deepFreeze({
  responseMode: 'mention',
  smartMode: true,
  channelAwareness: false,
  channels: [],
  moderation: {
    enabled: false,
    rules: '',
    actions: { delete: true, warn: false, timeout: false, kick: false, ban: false },
    timeoutMinutes: 10,
    dryRun: false,
    exemptRoleIds: [],
    exemptChannelIds: [],
    review: { enabled: false, channelId: null, from: 'kick' },
    automod: false,
  },
  proactive: { enabled: false, channel: 'general', frequency: 'daily', topics: '' },
  plan: 'starter',
  accountId: null,
  monthlyLimit: null,
  memberAnswersPerHour: null,
  escalationEmail: null,
  customBot: null,
  agentRoleIds: [],
  forums: { enabled: true, channelIds: [] },
  autoThread: false,
  feedback: true,
  tickets: { enabled: false, channelId: null, staffRoleIds: [] },
});

// One message per field, used for every way the value can be wrong; a missing required value says so.
function expecting(description: string): { error: (issue: { input: unknown }) => string } {
  return { error: (issue) => (issue.input === undefined ? `is required: expected ${description}` : `expected ${description}`) };
}

const boolean = () => z.boolean(expecting('true or false'));

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, expecting(`one of ${values.join(', ')}`));

const text = (max: number) => {
  const description = `text of at most ${max} characters`;
  return z.string(expecting(description)).max(max, expecting(description));
};

const SNOWFLAKE_DESCRIPTION = 'a Discord id (a string of 17 to 20 digits)';
const snowflake = () => z.string(expecting(SNOWFLAKE_DESCRIPTION)).regex(/^\d{17,20}$/, expecting(SNOWFLAKE_DESCRIPTION));

// Duplicates carry no meaning in an id list, so they are dropped rather than rejected.
const snowflakeList = () => {
  const description = `a list of at most ${MAX_ID_LIST_LENGTH} Discord ids`;
  return z
    .array(snowflake(), expecting(description))
    .max(MAX_ID_LIST_LENGTH, expecting(description))
    .transform((ids) => [...new Set(ids)]);
};

const strictObject = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown setting' : 'expected an object'),
  });

const channelName = () => {
  const description = `a channel name of 1 to ${MAX_CHANNEL_NAME_CHARS} characters`;
  return z
    .string(expecting(description))
    .transform((name) => name.trim().replace(/^#+/, '').trim())
    .pipe(z.string().min(1, expecting(description)).max(MAX_CHANNEL_NAME_CHARS, expecting(description)));
};

const timeoutMinutes = () => {
  const description = `a whole number of minutes from 1 to ${MAX_TIMEOUT_MINUTES}`;
  return z.int(expecting(description)).min(1, expecting(description)).max(MAX_TIMEOUT_MINUTES, expecting(description));
};

const accountId = () => {
  const description = `an account id of 1 to ${MAX_ACCOUNT_ID_CHARS} characters, or null`;
  return z.string(expecting(description)).min(1, expecting(description)).max(MAX_ACCOUNT_ID_CHARS, expecting(description)).nullable();
};

const monthlyLimit = () => z.int(expecting('a positive whole number, or null')).positive(expecting('a positive whole number, or null')).nullable();

const memberAnswersPerHour = () => {
  const description = `a whole number from 1 to ${MAX_MEMBER_ANSWERS_PER_HOUR}, or null (no cap)`;
  return z.int(expecting(description)).min(1, expecting(description)).max(MAX_MEMBER_ANSWERS_PER_HOUR, expecting(description)).nullable();
};

const EMAIL_DESCRIPTION = 'an e-mail address, or null';
const email = () =>
  z
    .string(expecting(EMAIL_DESCRIPTION))
    .trim()
    .max(254, expecting(EMAIL_DESCRIPTION))
    .regex(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/, expecting(EMAIL_DESCRIPTION))
    .nullable();

const PUBLIC_KEY_DESCRIPTION = 'a public key of 64 hexadecimal characters';
const customBot = () =>
  strictObject({
    applicationId: snowflake(),
    publicKey: z
      .string(expecting(PUBLIC_KEY_DESCRIPTION))
      .regex(/^[0-9a-fA-F]{64}$/, expecting(PUBLIC_KEY_DESCRIPTION))
      .transform((key) => key.toLowerCase()),
    botToken: z
      .string(expecting('a non-empty bot token'))
      .trim()
      .min(1, expecting('a non-empty bot token'))
      .max(MAX_BOT_TOKEN_CHARS, expecting('a non-empty bot token')),
  }).nullable();

const settingsSchema: z.ZodType<GuildSettings> = strictObject({
  responseMode: oneOf(RESPONSE_MODES),
  smartMode: boolean(),
  channelAwareness: boolean(),
  channels: snowflakeList(),
  moderation: strictObject({
    enabled: boolean(),
    rules: text(MAX_RULES_CHARS),
    actions: strictObject({ delete: boolean(), warn: boolean(), timeout: boolean(), kick: boolean(), ban: boolean() }),
    timeoutMinutes: timeoutMinutes(),
    dryRun: boolean(),
    exemptRoleIds: snowflakeList(),
    exemptChannelIds: snowflakeList(),
    review: strictObject({ enabled: boolean(), channelId: snowflake().nullable(), from: oneOf(MODERATION_ACTIONS) }),
    automod: boolean(),
  }),
  proactive: strictObject({
    enabled: boolean(),
    channel: channelName(),
    frequency: oneOf(PROACTIVE_FREQUENCIES),
    topics: text(MAX_TOPICS_CHARS),
  }),
  plan: oneOf(PLANS),
  accountId: accountId(),
  monthlyLimit: monthlyLimit(),
  memberAnswersPerHour: memberAnswersPerHour(),
  escalationEmail: email(),
  customBot: customBot(),
  agentRoleIds: snowflakeList(),
  forums: strictObject({ enabled: boolean(), channelIds: snowflakeList() }),
  autoThread: boolean(),
  feedback: boolean(),
  tickets: strictObject({ enabled: boolean(), channelId: snowflake().nullable(), staffRoleIds: snowflakeList() }),
});

/**
 * Applies a PATCH body: objects merge key by key, arrays and scalars replace, null clears nullable
 * fields. The merged result is validated as a whole, so the first problem is reported by dotted path.
 */
export function applySettingsPatch(current: GuildSettings, patch: unknown): SettingsResult {
  if (!isPlainObject(patch)) return { ok: false, field: 'body', error: 'expected a JSON object' };
  // The walks below recurse, and zod visits every item: refuse deep or huge input before either runs.
  const shape = shapeProblem(patch);
  if (shape !== null) return { ok: false, ...shape };
  const prototypeKeyPath = findPrototypeKey(patch, []);
  if (prototypeKeyPath !== null) return { ok: false, field: dottedPath(prototypeKeyPath), error: 'unknown setting' };
  const merged = deepMerge(current, withoutEchoedTokenFlag(patch));
  const parsed = settingsSchema.safeParse(merged);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue === undefined) return { ok: false, field: 'body', error: 'invalid settings' };
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  return { ok: false, field: dottedPath(path), error: issue.message };
}

/** What clients may see: the bot token is replaced by a flag saying one is stored. */
export function publicSettings(settings: GuildSettings): PublicSettings {
  const { customBot: bot, ...rest } = settings;
  return {
    ...cloneJson(rest),
    customBot: bot === null ? null : { applicationId: bot.applicationId, publicKey: bot.publicKey, botTokenSet: true },
  };
}

/** Monthly answer allowance: the plan's limit, lowered by the guild's own cap if it set one. */
export function effectiveMonthlyLimit(settings: GuildSettings): number {
  const planLimit = PLAN_LIMITS[settings.plan];
  return settings.monthlyLimit === null ? planLimit : Math.min(planLimit, settings.monthlyLimit);
}

/** The first place `patch` nests deeper than MAX_SETTINGS_DEPTH or lists more than MAX_ID_LIST_LENGTH items. */
function shapeProblem(patch: unknown): { field: string; error: string } | null {
  const stack: [unknown, PropertyKey[]][] = [[patch, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_SETTINGS_DEPTH) return { field: dottedPath(path), error: `nested deeper than ${MAX_SETTINGS_DEPTH} levels` };
    if (Array.isArray(value)) {
      if (value.length > MAX_ID_LIST_LENGTH) return { field: dottedPath(path), error: `a list of at most ${MAX_ID_LIST_LENGTH} items` };
      value.forEach((item, index) => stack.push([item, [...path, index]]));
    } else {
      for (const [key, child] of Object.entries(value)) stack.push([child, [...path, key]]);
    }
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// zod silently skips "__proto__" keys, but an unknown key must be reported like any other.
function findPrototypeKey(value: unknown, path: readonly PropertyKey[]): PropertyKey[] | null {
  if (!isPlainObject(value)) return null;
  for (const [key, child] of Object.entries(value)) {
    if (key === '__proto__') return [...path, key];
    const found = findPrototypeKey(child, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

function deepMerge(current: unknown, patch: unknown): unknown {
  if (!isPlainObject(current) || !isPlainObject(patch)) return patch;
  const patched = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [key, deepMerge(Object.hasOwn(current, key) ? current[key] : undefined, value)] as const);
  // fromEntries defines own properties, so a "__proto__" key is data (and later rejected), never a prototype.
  return Object.fromEntries([...Object.entries(current), ...patched]);
}

// Clients that PATCH back what GET returned send botTokenSet; it is informational, so it is ignored.
function withoutEchoedTokenFlag(patch: Record<string, unknown>): Record<string, unknown> {
  const bot = patch['customBot'];
  if (!isPlainObject(bot) || typeof bot['botTokenSet'] !== 'boolean') return patch;
  const { botTokenSet: _ignored, ...rest } = bot;
  return { ...patch, customBot: rest };
}

function dottedPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

// Arrays in the public view must not alias the stored settings a caller might later mutate.
function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
