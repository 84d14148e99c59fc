import type { ModerationSettings } from '../guild/settings';
import { ACTION_ORDER, actionRank, isModAction, type ModAction } from './rules';

export interface Subject {
  userId: string;
  isBot: boolean;
  isOwner: boolean;
  /** Has the Administrator or Manage Guild permission. */
  isAdmin: boolean;
  roleIds: string[];
}

export interface Proposal {
  action: ModAction | 'none';
  reason: string;
  rule: string;
  quote: string;
  /** 1 for the deterministic checks. */
  confidence: number;
  source: 'rules' | 'ai';
}

export type ModerationDecision =
  | {
      act: false;
      why: 'disabled' | 'exempt-channel' | 'exempt-role' | 'admin' | 'owner' | 'bot' | 'no-violation' | 'low-confidence' | 'action-not-enabled';
    }
  | {
      act: true;
      /** What to do: enabled, and never stronger than escalation allows. */
      action: ModAction;
      /** What the rule or the AI judge asked for, before escalation and the enabled-action fallback. */
      proposed: ModAction;
      reason: string;
      rule: string;
      quote: string;
      source: 'rules' | 'ai';
      /** Escalation made the action stronger than proposed. */
      escalated: boolean;
      /** Log the decision but do not act on Discord. */
      dryRun: boolean;
      /** Also delete the offending message (warn/timeout/kick/ban while delete is enabled). */
      alsoDelete: boolean;
    };

export const MIN_CONFIDENCE = 0.75;

/**
 * Whether and how to act on one message. Exemptions come first, then the proposal (from the deterministic
 * checks or a verified AI judgement), escalation for repeat offenders, and finally the enabled actions:
 * an action that is not enabled is never taken. When in doubt, nothing is done.
 */
export function decideModeration(
  settings: ModerationSettings,
  subject: Subject,
  channelId: string,
  proposal: Proposal | null,
  priorViolations24h: number,
  escalation: ModAction[],
): ModerationDecision {
  if (!settings.enabled) return { act: false, why: 'disabled' };
  if (settings.exemptChannelIds.includes(channelId)) return { act: false, why: 'exempt-channel' };
  if (subject.isBot) return { act: false, why: 'bot' };
  if (subject.isOwner) return { act: false, why: 'owner' };
  if (subject.isAdmin) return { act: false, why: 'admin' };
  if (subject.roleIds.some((roleId) => settings.exemptRoleIds.includes(roleId))) return { act: false, why: 'exempt-role' };
  if (proposal === null || !isModAction(proposal.action)) return { act: false, why: 'no-violation' };
  // NaN and out-of-range confidences fail this comparison too.
  if (!(proposal.confidence >= MIN_CONFIDENCE && proposal.confidence <= 1)) return { act: false, why: 'low-confidence' };

  const proposed = proposal.action;
  const target = escalate(proposed, priorViolations24h, escalation);
  const action = fallbackAction(target, settings.actions);
  if (action === null) return { act: false, why: 'action-not-enabled' };
  return {
    act: true,
    action,
    proposed,
    reason: proposal.reason,
    rule: proposal.rule,
    quote: proposal.quote,
    source: proposal.source,
    escalated: actionRank(action) > actionRank(proposed),
    dryRun: settings.dryRun,
    alsoDelete: action !== 'delete' && settings.actions.delete === true,
  };
}

/** The strongest enabled action that is not stronger than the proposed one, or null when none is enabled. */
export function fallbackAction(proposed: ModAction, enabled: Record<ModAction, boolean>): ModAction | null {
  for (let rank = actionRank(proposed); rank >= 0; rank -= 1) {
    const action = ACTION_ORDER[rank];
    if (action !== undefined && enabled[action] === true) return action;
  }
  return null;
}

// The n-th prior violation in 24 h raises the action to at least step n of the owner's escalation list.
function escalate(proposed: ModAction, priorViolations24h: number, escalation: readonly ModAction[]): ModAction {
  const steps = escalation.filter(isModAction);
  const prior = Math.floor(priorViolations24h);
  if (steps.length === 0 || !(prior >= 1)) return proposed;
  const step = steps[Math.min(prior - 1, steps.length - 1)];
  return step !== undefined && actionRank(step) > actionRank(proposed) ? step : proposed;
}
