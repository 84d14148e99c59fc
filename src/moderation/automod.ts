// The AutoMod bridge's compiler (moderation.automod, contract §4): the rules Herald checks by itself, as
// Discord AutoMod rules Herald owns, within AutoMod's limits, and a plain list of what does not fit. Pure.
//
// AutoMod keywords are case-insensitive whole words (or phrases) unless wrapped in `*` wildcards; they cannot
// express Herald's disguise-tolerant matching (leetspeak, spelled-out or repeated letters, accents, invisible
// characters), so those disguises still reach the channel and Herald removes them after the fact.

import {
  AutoModerationActionType,
  AutoModerationRuleEventType,
  AutoModerationRuleTriggerType,
  type APIAutoModerationAction,
  type RESTPostAPIAutoModerationRuleJSONBody,
} from 'discord-api-types/v10';
import type { ParsedRules } from './rules';

/** Every rule Herald owns is named with this prefix (and created by its bot); the owner's own rules never are. */
export const AUTOMOD_NAME_PREFIX = 'Herald: ';

/** Discord's limits (docs: auto-moderation, trigger metadata field limits and rules per trigger type). */
export const AUTOMOD_LIMITS = Object.freeze({
  keywordRulesPerGuild: 6,
  keywordsPerRule: 1000,
  keywordChars: 60,
  regexPerRule: 10,
  regexChars: 260,
  blockMessageChars: 150,
  mentionTotalLimit: 50,
  exemptRoles: 20,
  exemptChannels: 50,
});

/** Discord invites, as Herald's own invite check reads them (Rust-compatible regex). */
export const INVITE_REGEX = String.raw`(?:discord(?:app)?\.com/invite|discord\.gg)/[a-z0-9-]{2,}`;

export interface DesiredRule {
  name: string;
  body: RESTPostAPIAutoModerationRuleJSONBody;
}

export interface CompiledAutomod {
  rules: DesiredRule[];
  /** What Herald checks but AutoMod cannot (or cannot within its limits): shown to the owner. */
  notFitting: string[];
}

export interface CompileOptions {
  /** Where AutoMod posts its alerts (the review channel), or null for none. */
  alertChannelId: string | null;
  /** Keyword rules Herald may own: 6 minus the keyword rules the owner made. */
  keywordRuleSlots: number;
  exemptRoleIds: string[];
  exemptChannelIds: string[];
}

const BLOCK_MESSAGE = {
  words: 'Herald blocked this message: it uses a word or phrase this server does not allow.',
  invites: 'Herald blocked this message: invites to other servers are not allowed here.',
  mentions: 'Herald blocked this message: it mentions too many members or roles at once.',
} as const;

function actions(blockMessage: string, alertChannelId: string | null): APIAutoModerationAction[] {
  const list: APIAutoModerationAction[] = [{ type: AutoModerationActionType.BlockMessage, metadata: { custom_message: blockMessage.slice(0, AUTOMOD_LIMITS.blockMessageChars) } }];
  if (alertChannelId !== null) list.push({ type: AutoModerationActionType.SendAlertMessage, metadata: { channel_id: alertChannelId } });
  return list;
}

/** A banned term as AutoMod keywords: the term itself, and a phrase also written as one word, as Herald matches it. */
export function keywordsOf(term: string): { keywords: string[]; problem: string | null } {
  const words = term.toLowerCase().normalize('NFC').split(/\s+/u).filter((word) => word !== '');
  const phrase = words.join(' ');
  // A `*` in a banned term would be a wildcard to AutoMod: it would block far more than the owner banned.
  if (phrase.includes('*')) return { keywords: [], problem: `"${term}": a * would be a wildcard in AutoMod` };
  if (phrase.length > AUTOMOD_LIMITS.keywordChars) return { keywords: [], problem: `"${term}": longer than AutoMod's ${AUTOMOD_LIMITS.keywordChars} characters per keyword` };
  const joined = words.join('');
  return { keywords: words.length > 1 && joined !== phrase ? [phrase, joined] : [phrase], problem: null };
}

export function compileAutomod(parsed: ParsedRules, options: CompileOptions): CompiledAutomod {
  const rules: DesiredRule[] = [];
  const notFitting: string[] = [];
  const exempt_roles = options.exemptRoleIds.slice(0, AUTOMOD_LIMITS.exemptRoles);
  const exempt_channels = options.exemptChannelIds.slice(0, AUTOMOD_LIMITS.exemptChannels);
  if (options.exemptRoleIds.length > exempt_roles.length) notFitting.push(`exempt roles: AutoMod takes ${AUTOMOD_LIMITS.exemptRoles}; the rest are exempt in Herald only`);
  if (options.exemptChannelIds.length > exempt_channels.length) notFitting.push(`exempt channels: AutoMod takes ${AUTOMOD_LIMITS.exemptChannels}; the rest are exempt in Herald only`);
  let slots = Math.max(0, options.keywordRuleSlots);
  const keywordRule = (name: string, metadata: { keyword_filter?: string[]; regex_patterns?: string[] }, message: string): void => {
    rules.push({
      name,
      body: {
        name,
        event_type: AutoModerationRuleEventType.MessageSend,
        trigger_type: AutoModerationRuleTriggerType.Keyword,
        trigger_metadata: metadata,
        actions: actions(message, options.alertChannelId),
        enabled: true,
        exempt_roles,
        exempt_channels,
      },
    });
    slots -= 1;
  };

  // Banned words and phrases: as many keyword rules of 1000 keywords as they need and the slots allow.
  const keywords: string[] = [];
  for (const banned of parsed.bannedTerms) {
    const { keywords: found, problem } = keywordsOf(banned.term);
    if (problem !== null) notFitting.push(`banned term ${problem}`);
    for (const keyword of found) if (!keywords.includes(keyword)) keywords.push(keyword);
  }
  for (let start = 0, part = 1; start < keywords.length; start += AUTOMOD_LIMITS.keywordsPerRule, part += 1) {
    const chunk = keywords.slice(start, start + AUTOMOD_LIMITS.keywordsPerRule);
    if (slots <= 0) {
      notFitting.push(`${keywords.length - start} banned keyword(s): no keyword rule left (AutoMod allows ${AUTOMOD_LIMITS.keywordRulesPerGuild} per server)`);
      break;
    }
    keywordRule(`${AUTOMOD_NAME_PREFIX}banned words${part > 1 ? ` (${part})` : ''}`, { keyword_filter: chunk }, BLOCK_MESSAGE.words);
  }
  if (parsed.bannedTerms.length > 0) {
    notFitting.push('disguised spellings of banned words (leetspeak, spaced-out or repeated letters, accents): AutoMod matches words as written; Herald removes these after they are posted');
  }

  if (parsed.noInvites !== null) {
    if (slots > 0) keywordRule(`${AUTOMOD_NAME_PREFIX}invites`, { regex_patterns: [INVITE_REGEX] }, BLOCK_MESSAGE.invites);
    else notFitting.push(`"${parsed.noInvites.line}": no keyword rule left (AutoMod allows ${AUTOMOD_LIMITS.keywordRulesPerGuild} per server)`);
  }

  if (parsed.mentions !== null) {
    const { max, forbidEveryone, line } = parsed.mentions;
    if (max <= AUTOMOD_LIMITS.mentionTotalLimit) {
      const name = `${AUTOMOD_NAME_PREFIX}mass mentions`;
      rules.push({
        name,
        body: {
          name,
          event_type: AutoModerationRuleEventType.MessageSend,
          trigger_type: AutoModerationRuleTriggerType.MentionSpam,
          trigger_metadata: { mention_total_limit: max, mention_raid_protection_enabled: false },
          actions: actions(BLOCK_MESSAGE.mentions, options.alertChannelId),
          enabled: true,
          exempt_roles,
          exempt_channels,
        },
      });
    } else {
      notFitting.push(`"${line}": AutoMod allows at most ${AUTOMOD_LIMITS.mentionTotalLimit} mentions per message`);
    }
    if (forbidEveryone) notFitting.push('@everyone / @here: AutoMod cannot tell them from the words; Herald checks them itself');
  }
  if (parsed.noLinks !== null) notFitting.push(`"${parsed.noLinks.line}": AutoMod has no rule for links in general; Herald checks them itself`);
  if (parsed.flood !== null) notFitting.push(`"${parsed.flood.line}": AutoMod cannot count repeated messages; Herald checks them itself`);
  return { rules, notFitting };
}
