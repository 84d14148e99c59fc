// Who may click what: pure decisions on a button click, checked against the guild's own records. A click is
// only a claim (its custom_id is text the client sends back), so each rule names the record it must match.

import type { AnswerRow, Vote } from './answer-log';

export const MANAGE_THREADS = 1n << 34n;

export const NOT_OUR_ANSWER_TEXT = "This button doesn't belong to one of Herald's answers here.";

export type ClickVerdict = { ok: true } | { ok: false; why: string; text: string };

/** A vote / "Talk to a human" click must come from the answer's own message, in the answer's channel. */
export function checkAnswerClick(row: AnswerRow | null, click: { channelId: string; messageId: string }): ClickVerdict {
  if (row === null) return { ok: false, why: 'unknown-answer', text: NOT_OUR_ANSWER_TEXT };
  if (row.channelId !== click.channelId) return { ok: false, why: 'other-channel', text: NOT_OUR_ANSWER_TEXT };
  if (row.messageId !== click.messageId) return { ok: false, why: 'other-message', text: NOT_OUR_ANSWER_TEXT };
  return { ok: true };
}

export function parseVote(args: readonly string[]): { vote: Vote; answerId: string } | null {
  const [vote, answerId, ...rest] = args;
  if ((vote !== 'up' && vote !== 'down') || !answerId || rest.length > 0) return null;
  return { vote, answerId };
}

/** Whether the member's permissions in the channel (a decimal bit set) include `bit`. */
export function hasPermission(permissions: string, bit: bigint): boolean {
  try {
    return (BigInt(permissions) & bit) === bit;
  } catch {
    return false;
  }
}

/** "Solved": the post's author, or staff who may manage threads. */
export function maySolve(thread: { posterId: string } | null, click: { userId: string; permissions: string; channelId: string }, threadId: string): ClickVerdict {
  if (thread === null || click.channelId !== threadId) return { ok: false, why: 'unknown-thread', text: "This button doesn't belong to a forum post Herald answered here." };
  if (click.userId !== thread.posterId && !hasPermission(click.permissions, MANAGE_THREADS)) {
    return { ok: false, why: 'not-poster', text: 'Only the author of this post (or staff) can mark it solved.' };
  }
  return { ok: true };
}

/** "Close ticket": the member whose ticket it is, staff (a staff role) or anyone who may manage threads. */
export function mayCloseTicket(
  ticket: { userId: string; open: boolean } | null,
  click: { userId: string; roleIds: readonly string[]; permissions: string; channelId: string },
  threadId: string,
  staffRoleIds: readonly string[],
): ClickVerdict {
  if (ticket === null || click.channelId !== threadId) return { ok: false, why: 'unknown-ticket', text: "This button doesn't belong to a ticket here." };
  if (!ticket.open) return { ok: false, why: 'closed', text: 'This ticket is already closed.' };
  const staff = click.roleIds.some((role) => staffRoleIds.includes(role)) || hasPermission(click.permissions, MANAGE_THREADS);
  if (click.userId !== ticket.userId && !staff) return { ok: false, why: 'not-allowed', text: 'Only the member or staff can close this ticket.' };
  return { ok: true };
}
