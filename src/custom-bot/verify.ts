// Whether a guild's custom bot is what the owner says it is, asked of Discord before it is saved, and how
// to tell a new or changed custom bot from the one already stored.

import type { CustomBot } from '../guild/settings';
import { DiscordApiError, DiscordRest } from '../discord/rest';
import type { Result } from '../result';

/** How many times one PATCH checks a custom bot that other requests keep changing before it gives up (409). */
export const MAX_CUSTOM_BOT_CHECK_ROUNDS = 2;

/**
 * A custom bot is accepted only when Discord confirms its token belongs to that application and the key is
 * that application's: otherwise one guild could point another guild's application at its own bot.
 */
export async function verifyCustomBot(apiBase: string, bot: CustomBot): Promise<Result<never> | null> {
  try {
    const app = await new DiscordRest({ apiBase, token: bot.botToken, maxRetries: 1 }).get<{ id: string; verify_key: string }>('/applications/@me');
    if (app.id !== bot.applicationId) return { ok: false, status: 400, error: 'customBot.botToken: this token belongs to another application', field: 'customBot.botToken' };
    if (app.verify_key.toLowerCase() !== bot.publicKey.toLowerCase()) {
      return { ok: false, status: 400, error: "customBot.publicKey: not this application's public key", field: 'customBot.publicKey' };
    }
    return null;
  } catch (error) {
    if (error instanceof DiscordApiError && error.status === 401) {
      return { ok: false, status: 400, error: 'customBot.botToken: Discord does not accept this token', field: 'customBot.botToken' };
    }
    return { ok: false, status: 502, error: `could not check the custom bot with Discord: ${error instanceof DiscordApiError ? error.outcome : String(error)}` };
  }
}

export function sameCustomBot(a: CustomBot | null, b: CustomBot | null): boolean {
  return a !== null && b !== null && a.applicationId === b.applicationId && a.botToken === b.botToken && a.publicKey === b.publicKey;
}

/** A new or different custom bot (clearing it needs no check). */
export function customBotChanged(was: CustomBot | null, now: CustomBot | null): boolean {
  return now !== null && !sameCustomBot(was, now);
}
