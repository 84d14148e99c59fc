// How often a guild may have Herald check a custom bot with Discord. Each check is a call to Discord made
// with a token the caller supplies; without a budget, one admin token could use Herald to probe tokens or
// to spend Herald's own rate limits. Pure: the actor keeps the timestamps.

/** Checks per guild within CUSTOM_BOT_CHECK_WINDOW_MS; past that the PATCH answers 429. */
export const CUSTOM_BOT_CHECKS_PER_WINDOW = 5;
export const CUSTOM_BOT_CHECK_WINDOW_MS = 60_000;

export type CheckBudget = { allowed: true; recent: number[] } | { allowed: false; recent: number[]; retryAfterSeconds: number };

/** Whether one more check may run at `now`, given the times of earlier ones; `recent` is what to store next. */
export function takeCustomBotCheck(earlier: readonly number[], now: number): CheckBudget {
  const recent = earlier.filter((at) => at > now - CUSTOM_BOT_CHECK_WINDOW_MS && at <= now).sort((a, b) => a - b);
  if (recent.length < CUSTOM_BOT_CHECKS_PER_WINDOW) return { allowed: true, recent: [...recent, now] };
  const oldest = recent[recent.length - CUSTOM_BOT_CHECKS_PER_WINDOW]!;
  return { allowed: false, recent, retryAfterSeconds: Math.max(1, Math.ceil((oldest + CUSTOM_BOT_CHECK_WINDOW_MS - now) / 1000)) };
}
