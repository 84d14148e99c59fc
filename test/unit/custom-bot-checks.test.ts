// The per-guild budget of custom-bot checks: a sliding window of CUSTOM_BOT_CHECK_WINDOW_MS.

import { describe, expect, it } from 'vitest';
import { CUSTOM_BOT_CHECK_WINDOW_MS, CUSTOM_BOT_CHECKS_PER_WINDOW, takeCustomBotCheck } from '../../src/custom-bot/checks';

describe('takeCustomBotCheck', () => {
  it('allows the first checks and records them', () => {
    expect(takeCustomBotCheck([], 1_000)).toEqual({ allowed: true, recent: [1_000] });
  });

  it('refuses once the window is full, saying when the oldest check leaves it', () => {
    const earlier = Array.from({ length: CUSTOM_BOT_CHECKS_PER_WINDOW }, (_, i) => 10_000 + i * 1_000);
    const budget = takeCustomBotCheck(earlier, 20_000);
    expect(budget).toEqual({ allowed: false, recent: earlier, retryAfterSeconds: Math.ceil((10_000 + CUSTOM_BOT_CHECK_WINDOW_MS - 20_000) / 1000) });
  });

  it('forgets checks older than the window (and any from the future)', () => {
    const now = 500_000;
    const earlier = [now - CUSTOM_BOT_CHECK_WINDOW_MS - 1, now - CUSTOM_BOT_CHECK_WINDOW_MS, now + 5_000, ...Array<number>(CUSTOM_BOT_CHECKS_PER_WINDOW - 1).fill(now - 10)];
    const budget = takeCustomBotCheck(earlier, now);
    expect(budget.allowed).toBe(true);
    expect(budget.recent).toEqual([...Array<number>(CUSTOM_BOT_CHECKS_PER_WINDOW - 1).fill(now - 10), now]);
  });
});
