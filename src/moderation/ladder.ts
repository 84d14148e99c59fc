// The escalation ladder counts a member's earlier violations; only actions that were carried out count.
// A dry run acted on nothing, a reversed entry was undone (or found wrong), a failed action ("Missing
// Permissions", no bot token) never reached the member, and an action waiting for review or dismissed by
// staff was never taken: none of these may push a member up the ladder.

/** The moderation-log outcome of an action that was carried out. */
export const DONE_OUTCOME = 'done';

/** Whether a log entry with this outcome counts as a prior violation. */
export function countsTowardLadder(outcome: string): boolean {
  return outcome === DONE_OUTCOME;
}

/** How many of a member's log entries (their outcomes) count toward the ladder. */
export function priorViolations(outcomes: readonly string[]): number {
  return outcomes.filter(countsTowardLadder).length;
}
