// A settings PATCH that sets a new or different custom bot is applied only once Discord confirmed the bot
// (src/custom-bot/verify.ts), within the guild's check budget (./checks.ts), and after the registry knows its
// key, so its interactions verify as soon as the owner saves.

import { readConfig } from '../config';
import { applySettingsPatch, type CustomBot, type GuildSettings } from '../guild/settings';
import type { Result } from '../result';
import { CUSTOM_BOT_CHECKS_PER_WINDOW, takeCustomBotCheck } from './checks';
import { customBotRegistry } from './registry';
import { customBotChanged, MAX_CUSTOM_BOT_CHECK_ROUNDS, sameCustomBot, verifyCustomBot } from './verify';

export interface CustomBotPatchContext {
  env: Env;
  guildId: string;
  /** The guild's settings as they are now: other PATCHes may land while Discord is asked. */
  current: () => GuildSettings;
  /** Times of this guild's earlier checks, kept by the actor. */
  recentChecks: () => number[];
  saveChecks: (recent: number[]) => void;
}

/**
 * The settings `patch` makes, merged onto the current ones after the last await (no lost update): the caller
 * stores them without awaiting anything in between.
 */
export async function applyPatchCheckingCustomBot(ctx: CustomBotPatchContext, patch: unknown): Promise<Result<GuildSettings>> {
  let result = applySettingsPatch(ctx.current(), patch);
  // The custom bot Discord confirmed during this call (checking it awaits Discord; other PATCHes may land meanwhile).
  let verified: CustomBot | null = null;
  for (let round = 1; ; round++) {
    if (!result.ok) return { ok: false, status: 400, error: `${result.field}: ${result.error}`, field: result.field };
    const bot = result.settings.customBot;
    if (!customBotChanged(ctx.current().customBot, bot) || sameCustomBot(bot, verified)) return { ok: true, value: result.settings };
    if (round > MAX_CUSTOM_BOT_CHECK_ROUNDS) return { ok: false, status: 409, error: 'customBot: changed by another request while it was being checked; try again', field: 'customBot' };
    const budget = takeCustomBotCheck(ctx.recentChecks(), Date.now());
    ctx.saveChecks(budget.recent);
    if (!budget.allowed) {
      return { ok: false, status: 429, error: `customBot: at most ${CUSTOM_BOT_CHECKS_PER_WINDOW} checks a minute; try again in ${budget.retryAfterSeconds} s`, field: 'customBot' };
    }
    const problem = await verifyCustomBot(readConfig(ctx.env).discordApiBase, bot!);
    if (problem) return problem;
    // Interactions must verify as soon as the owner saves; the gateway may take a moment.
    await customBotRegistry(ctx.env).attach(bot!.applicationId, ctx.guildId, bot!.publicKey);
    verified = bot;
    // Merge onto the settings as they are now, not as they were before the awaits: no lost update.
    result = applySettingsPatch(ctx.current(), patch);
  }
}
