// Monthly message quota (contract §4): each AI answer, moderation check and proactive post counts as one.
// Pure helpers; the UsageLedger actor keeps the counts.

export type UsageKind = 'answer' | 'moderation' | 'proactive';
export const USAGE_KINDS: readonly UsageKind[] = ['answer', 'moderation', 'proactive'];

/** The quota month in UTC, e.g. "2026-11". */
export function monthOf(at: number): string {
  return dayOf(at).slice(0, 7);
}

const DAY_MS = 86_400_000;
/** The last day formatted: every count asks for the day and the month several times, and toISOString is not free. */
let lastDay = { start: 0, day: '1970-01-01' };

/** The UTC day, e.g. "2026-11-29". */
export function dayOf(at: number): string {
  const start = Math.floor(at / DAY_MS) * DAY_MS;
  if (start !== lastDay.start) lastDay = { start, day: new Date(start).toISOString().slice(0, 10) };
  return lastDay.day;
}

/** First instant of the next UTC month, when the quota starts again. */
export function nextMonthStart(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** The ledger that counts for a guild: its account's when it has one (shared quota), else its own. */
export function ledgerName(guildId: string, accountId: string | null): string {
  return accountId ? `account:${accountId}` : `guild:${guildId}`;
}

export interface UsageReport {
  month: string;
  plan: string;
  limit: number;
  used: number;
  remaining: number;
  exhausted: boolean;
  resetsAt: string;
  accountId: string | null;
  byKind: Record<UsageKind, number>;
  /** This guild's own share when the quota is shared by an account. */
  guild: Record<UsageKind, number>;
  /** Messages counted each day of this month, for the dashboard's chart. */
  byDay: { day: string; count: number }[];
}

/**
 * Where the counting guild's inbox stands, so the ledger keeps a counted key only while its event may still be
 * retried: each stored event has a per-guild sequence number; `top` is the newest given out, `floor` the oldest
 * still pending (top + 1 when none is). A key counted while `top` was T belongs to an event numbered at most T,
 * so once `floor` > T that event is done and is never handled again: the key can go.
 */
export interface CountMarks {
  floor: number;
  top: number;
}

/** Counted keys and the `top` each was counted under (null: counted without marks; kept until the month turns). */
export type CountedKeys = Record<string, number | null>;

/** The counted keys still worth keeping: those whose event may still be retried (see CountMarks). */
export function keptKeys(keys: CountedKeys, marks: CountMarks | null): CountedKeys {
  if (marks === null) return { ...keys };
  const kept: CountedKeys = {};
  for (const [key, top] of Object.entries(keys)) if (top === null || top >= marks.floor) kept[key] = top;
  return kept;
}
