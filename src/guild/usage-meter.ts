// The guild's side of the monthly quota: counts through the guild's UsageLedger (its account's, when guilds
// share an accountId) and reports usage for the admin API.

import { log } from '../log';
import { ledgerName, monthOf, nextMonthStart, type UsageKind, type UsageReport } from '../usage/quota';
import { effectiveMonthlyLimit, type GuildSettings } from './settings';

export class UsageMeter {
  constructor(
    private readonly env: Env,
    private readonly settings: () => GuildSettings,
    private readonly guildId: () => string,
  ) {}

  /** Counts one message; false (and nothing counted) when this month's quota is spent. */
  async consume(kind: UsageKind): Promise<boolean> {
    const result = await this.ledger().consume(this.guildId(), kind, effectiveMonthlyLimit(this.settings()));
    if (!result.allowed) log('GuildActor.quotaSpent', { guildId: this.guildId(), kind, used: result.used, limit: result.limit });
    return result.allowed;
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

  private ledger() {
    const name = ledgerName(this.guildId(), this.settings().accountId);
    return this.env.USAGE_LEDGER.get(this.env.USAGE_LEDGER.idFromName(name));
  }
}
