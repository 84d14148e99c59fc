// Button custom_ids: `herald:<feature>:<arg>:<arg>...` (contract §8: every Herald button starts with "herald:").
// Discord caps a custom_id at 100 characters; ids inside are snowflakes or short words, so they fit.
// A click is only a claim: the feature's handler checks the arguments against the guild's own records
// (the answer, the log entry, the ticket) before acting, so a forged custom_id can do nothing by itself.

export const CUSTOM_ID_PREFIX = 'herald:';
export const MAX_CUSTOM_ID_CHARS = 100;

/** The features that own buttons; each dispatches in GuildActor.receiveComponent. */
export const COMPONENT_FEATURES = [
  'vote', // 👍 / 👎 on an answer: herald:vote:<up|down>:<answerId>
  'human', // "Talk to a human" on an answer: herald:human:<answerId>
  'solved', // "Solved" in a forum thread: herald:solved:<threadId>
  'ticket', // ticket controls: herald:ticket:close:<threadId>
  'review', // review card: herald:review:<approve|dismiss>:<logId>
  'appeal', // appeal on a warning or timeout notice: herald:appeal:<logId>
] as const;
export type ComponentFeature = (typeof COMPONENT_FEATURES)[number];

export interface ParsedCustomId {
  feature: ComponentFeature;
  args: string[];
}

const ARG = /^[A-Za-z0-9_-]{1,40}$/;

export function buildCustomId(feature: ComponentFeature, ...args: string[]): string {
  const id = [CUSTOM_ID_PREFIX + feature, ...args].join(':');
  if (id.length > MAX_CUSTOM_ID_CHARS || !args.every((arg) => ARG.test(arg))) throw new Error(`bad custom_id ${id}`);
  return id;
}

/** A Herald custom_id, or null for anything else (other bots' ids, junk, unknown features). */
export function parseCustomId(customId: string): ParsedCustomId | null {
  if (customId.length > MAX_CUSTOM_ID_CHARS || !customId.startsWith(CUSTOM_ID_PREFIX)) return null;
  const [feature, ...args] = customId.slice(CUSTOM_ID_PREFIX.length).split(':');
  if (!(COMPONENT_FEATURES as readonly string[]).includes(feature ?? '')) return null;
  if (!args.every((arg) => ARG.test(arg))) return null;
  return { feature: feature as ComponentFeature, args };
}
