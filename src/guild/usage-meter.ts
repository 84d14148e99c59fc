// The guild's side of the monthly quota: counts through the guild's UsageLedger (its account's, when guilds
// share an accountId) and reports usage for the admin API. Every model call goes through here: the ones
// that count (answers, moderation checks, proactive posts) with `consume`, the ones that decide whether to
// answer at all (smart-mode classifier, "wants a human") with `hasRoom`, so a spent quota stops them all.

import { log } from '../log';
import { ledgerName, monthOf, nextMonthStart, type CountMarks, type UsageKind, type UsageReport } from '../usage/quota';
import { effectiveMonthlyLimit, type GuildSettings } from './settings';

/** A ledger reading this recent, with at least ROOM_MEMO_MARGIN messages left, answers hasRoom without a call. */
export const ROOM_MEMO_MS = 10_000;
export const ROOM_MEMO_MARGIN = 50;

export class UsageMeter {
  /** The last room the ledger reported (any call), so most messages make one ledger call, not two. */
  private lastRoom: { ledger: string; month: string; at: number; used: number } | null = null;

  constructor(
    private readonly env: Env,
    private readonly settings: () => GuildSettings,
    private readonly guildId: () => string,
    /** Where the guild's inbox stands, so the ledger forgets a counted key once its event is done. */
    private readonly marks: () => CountMarks | null = () => null,
  ) {}

  /**
   * Counts one message; false (and nothing counted) when this month's quota is spent. `key` names what is
   * counted (e.g. the member's message): a retried event with the same key is allowed without a second count.
   */
  async consume(kind: UsageKind, key: string | null = null): Promise<boolean> {
    const result = await this.ledger().consume(this.guildId(), kind, effectiveMonthlyLimit(this.settings()), key, Date.now(), key === null ? null : this.marks());
    this.noteRoom(result);
    if (!result.allowed) log('GuildActor.quotaSpent', { guildId: this.guildId(), kind, used: result.used, limit: result.limit });
    return result.allowed;
  }

  /**
   * Whether this month's quota has room for one more message (counts nothing). It only gates the calls that do
   * not count (every counted one goes through consume, which is exact): when the ledger said, less than
   * ROOM_MEMO_MS ago, that at least ROOM_MEMO_MARGIN messages were left, that answer stands without a call.
   */
  async hasRoom(now = Date.now()): Promise<boolean> {
    const memo = this.lastRoom;
    const limit = effectiveMonthlyLimit(this.settings());
    if (memo && memo.ledger === this.ledgerName() && memo.month === monthOf(now) && now - memo.at < ROOM_MEMO_MS && limit - memo.used >= ROOM_MEMO_MARGIN) return true;
    const result = await this.ledger().room(limit);
    this.noteRoom(result);
    if (!result.allowed) log('GuildActor.quotaGate', { guildId: this.guildId(), used: result.used, limit: result.limit });
    return result.allowed;
  }

  private noteRoom(result: { used: number }, now = Date.now()): void {
    this.lastRoom = { ledger: this.ledgerName(), month: monthOf(now), at: now, used: result.used };
  }

  async refund(kind: UsageKind): Promise<void> {
    await this.ledger().refund(this.guildId(), kind);
  }

  async report(now = Date.now()): Promise<UsageReport> {
    const settings = this.settings();
    const limit = effectiveMonthlyLimit(settings);
    const totals = await this.ledger().totals(this.guildId(), now);
    return {
      month: monthOf(now),
      plan: settings.plan,
      limit,
      used: totals.used,
      remaining: Math.max(0, limit - totals.used),
      exhausted: totals.used >= limit,
      resetsAt: new Date(nextMonthStart(now)).toISOString(),
      accountId: settings.accountId,
      byKind: totals.byKind,
      guild: totals.guild,
      byDay: totals.byDay,
    };
  }

  /** The UsageLedger that counts this guild (its account's, when guilds share an accountId). */
  ledgerName(): string {
    return ledgerName(this.guildId(), this.settings().accountId);
  }

  private ledger() {
    return this.env.USAGE_LEDGER.get(this.env.USAGE_LEDGER.idFromName(this.ledgerName()));
  }
}
