// The per-member cap (settings.memberAnswersPerHour): how many AI answers one member may get in a rolling
// hour, so one heavy user cannot spend the month's quota. Pure decision; the guild actor keeps the rows.

export const MEMBER_LIMIT_WINDOW_MS = 60 * 60_000;

export type MemberLimitDecision =
  /** Under the cap (or no cap): answer. */
  | { kind: 'answer' }
  /** Capped, and not told in the last hour: post the short notice once. */
  | { kind: 'notice' }
  /** Capped and already told: stay quiet. */
  | { kind: 'silent' };

export interface MemberLimitInput {
  cap: number | null;
  /** The member's answers in the last MEMBER_LIMIT_WINDOW_MS. */
  answersInWindow: number;
  /** When the member was last told they reached the cap, or null. */
  lastNoticeAt: number | null;
  now: number;
}

export function decideMemberLimit(input: MemberLimitInput): MemberLimitDecision {
  if (input.cap === null || input.answersInWindow < input.cap) return { kind: 'answer' };
  if (input.lastNoticeAt !== null && input.now - input.lastNoticeAt < MEMBER_LIMIT_WINDOW_MS) return { kind: 'silent' };
  return { kind: 'notice' };
}
