// Monthly message quota (contract §4): each AI answer, moderation check and proactive post counts as one.
// Pure helpers; the UsageLedger actor keeps the counts.

export type UsageKind = 'answer' | 'moderation' | 'proactive';
export const USAGE_KINDS: readonly UsageKind[] = ['answer', 'moderation', 'proactive'];

/** The quota month in UTC, e.g. "2026-11". */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The UTC day, e.g. "2026-11-29". */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
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
