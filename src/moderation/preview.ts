// How Herald reads the owner's rules, and what it would do with one message (POST .../moderation/preview,
// contract §3). Pure: the route acts on nothing, counts nothing, asks Discord and the model nothing.

import type { ModerationSettings } from '../guild/settings';
import { checkMessage } from './checks';
import { decideModeration, fallbackAction, type Proposal, type Subject } from './decide';
import type { ModAction, ParsedRules } from './rules';

/** The rule type of a rule Herald checks by itself, or "ai" for one only a model can judge. */
export type RuleKind = 'banned-words' | 'invites' | 'links' | 'mentions' | 'flood' | 'escalation' | 'ai';

export interface PreviewRule {
  text: string;
  kind: RuleKind;
  /** Enforced without a model. */
  offline: boolean;
  /** What breaking it does after the enabled-actions fallback (null: nothing enabled, or the model chooses). */
  action: ModAction | null;
}

export interface PreviewDecision {
  action: ModAction | 'none';
  rule: string | null;
  reason: string;
}

export interface PreviewMessage {
  content: string;
  userId: string | null;
  roleIds: string[];
}

const MENTION = /<@!?\d+>|<@&\d+>/gu;
const EVERYONE = /@(everyone|here)\b/u;

/** Each rule as Herald reads it, in the order the owner wrote them. */
export function describeRules(text: string, parsed: ParsedRules, enabled: ModerationSettings['actions']): PreviewRule[] {
  const rules: PreviewRule[] = [];
  const offline = (ruleText: string, kind: RuleKind, action: ModAction | null) =>
    rules.push({ text: ruleText, kind, offline: true, action: action === null ? null : fallbackAction(action, enabled) });
  const bannedLines = new Map<string, ModAction>();
  for (const banned of parsed.bannedTerms) if (!bannedLines.has(banned.line)) bannedLines.set(banned.line, banned.action);
  for (const [line, action] of bannedLines) offline(line, 'banned-words', action);
  if (parsed.noInvites) offline(parsed.noInvites.line, 'invites', parsed.noInvites.action);
  if (parsed.noLinks) offline(parsed.noLinks.line, 'links', parsed.noLinks.action);
  if (parsed.mentions) offline(parsed.mentions.line, 'mentions', parsed.mentions.action);
  if (parsed.flood) offline(parsed.flood.line, 'flood', parsed.flood.action);
  if (parsed.escalation.length > 0) offline(`escalate: ${parsed.escalation.join(', ')}`, 'escalation', null);
  for (const line of parsed.freeText) rules.push({ text: line, kind: 'ai', offline: false, action: null });
  const position = (rule: PreviewRule) => {
    const at = text.indexOf(rule.text);
    return at === -1 ? Number.MAX_SAFE_INTEGER : at;
  };
  return rules.map((rule, index) => ({ rule, index })).sort((a, b) => position(a.rule) - position(b.rule) || a.index - b.index).map(({ rule }) => rule);
}

/**
 * What Herald would do with `message`: the offline checks and the same decision as for a real message
 * (exemptions, escalation, enabled actions). The model is not asked (a preview costs nothing); when only
 * a model could judge the message, the reason says so. Flood needs a history, so a single message never floods.
 */
export function previewDecision(
  settings: ModerationSettings,
  parsed: ParsedRules,
  message: PreviewMessage,
  subject: Subject,
  priorViolations: number,
  modelConfigured: boolean,
): PreviewDecision {
  const violation = checkMessage(parsed, {
    content: message.content,
    mentionCount: [...message.content.matchAll(MENTION)].length,
    mentionsEveryone: EVERYONE.test(message.content),
    recentFromUser: [],
    now: 0,
  });
  const off = settings.enabled ? '' : ' (moderation is off: nothing is done until it is enabled)';
  if (violation === null) {
    const modelRules = parsed.freeText.length;
    if (modelRules === 0) return { action: 'none', rule: null, reason: `No rule is broken.${off}` };
    const who = modelConfigured ? 'the model judges them on real messages; the preview does not ask it' : 'they are not enforced: no model is configured';
    return { action: 'none', rule: null, reason: `No rule Herald checks by itself is broken; ${modelRules} rule(s) only a model can judge (${who}).${off}` };
  }
  const proposal: Proposal = { action: violation.action, reason: violation.reason, rule: violation.rule, quote: violation.quote, confidence: 1, source: 'rules' };
  // The preview has no channel: channel exemptions do not apply.
  const decision = decideModeration({ ...settings, enabled: true }, subject, '', proposal, priorViolations, parsed.escalation);
  if (!decision.act) return { action: 'none', rule: violation.rule, reason: `${violation.reason} But nothing is done: ${WHY[decision.why]}.${off}` };
  const escalated = decision.escalated ? ` Raised to ${decision.action} by escalation (${priorViolations} earlier violation(s) in 24 hours).` : '';
  const fellBack = !decision.escalated && decision.action !== decision.proposed ? ` The rule asks for ${decision.proposed}, which is not enabled.` : '';
  const dry = settings.dryRun ? ' Dry run: it would only be logged.' : '';
  return { action: decision.action, rule: violation.rule, reason: `${violation.reason}${fellBack}${escalated}${dry}${off}` };
}

const WHY: Record<Extract<ReturnType<typeof decideModeration>, { act: false }>['why'], string> = {
  disabled: 'moderation is off',
  'exempt-channel': 'the channel is exempt',
  'exempt-role': 'the member has an exempt role',
  admin: 'the member is an administrator',
  owner: 'the member owns the server',
  bot: 'the author is a bot',
  'no-violation': 'no rule is broken',
  'low-confidence': 'the judgement is not certain enough',
  'action-not-enabled': 'no action at or below the rule\'s is enabled',
};
