// When the next proactive post is due, and which channel it goes to. Pure: the caller passes `now` and
// the guild's channel list, so the Durable Object alarm code stays the only place with clocks and I/O.

import type { ProactiveFrequency } from '../guild/settings';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The interval between proactive posts for each frequency setting. */
export const FREQUENCY_MS: Readonly<Record<ProactiveFrequency, number>> = Object.freeze({
  '2h': 2 * HOUR_MS,
  '4h': 4 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '12h': 12 * HOUR_MS,
  daily: DAY_MS,
  '2d': 2 * DAY_MS,
  weekly: 7 * DAY_MS,
});

/**
 * The time (ms since the epoch) of the next proactive post.
 * - No previous post: one interval from now, so enabling the feature never posts the same instant.
 * - Previous post: exactly one interval after it, keeping the cadence steady across restarts.
 * - Overdue (the object slept past the due time): now, i.e. post at once, but only once; missed slots
 *   are not caught up, because a burst of back-to-back posts is spam, not a schedule.
 * The result is never earlier than `now`, and never later than one interval from now, so a last-post
 * time in the future (clock skew, bad data) cannot silence the channel for longer than one interval.
 */
export function nextProactiveAt(frequency: ProactiveFrequency, lastPostAt: number | null, now: number): number {
  const interval = FREQUENCY_MS[frequency];
  // A NaN or infinite timestamp is as good as none; treating it as a number would yield NaN.
  if (lastPostAt === null || !Number.isFinite(lastPostAt)) return now + interval;
  return Math.min(Math.max(lastPostAt + interval, now), now + interval);
}

// Only these can receive a bot's ordinary message: 0 = GuildText, 5 = GuildAnnouncement.
const POSTABLE_CHANNEL_TYPES: ReadonlySet<number> = new Set([0, 5]);

/**
 * The text or announcement channel called `name` (case-insensitive, a leading '#' ignored), or null.
 * An exact (case-sensitive) match wins over a case-insensitive one, which wins over one that differs only
 * in spaces vs hyphens (Discord turns "general chat" into "general-chat" in text channel names).
 * Among equally good matches the first in the given order is chosen.
 */
export function resolveChannelByName(
  channels: { id: string; name: string | null; type: number }[],
  name: string,
): { id: string; name: string } | null {
  const wanted = normaliseName(name);
  if (wanted.length === 0) return null;
  const wantedLower = wanted.toLowerCase();
  const wantedLoose = looseName(wanted);

  let caseInsensitive: { id: string; name: string } | null = null;
  let loose: { id: string; name: string } | null = null;
  for (const channel of channels) {
    if (channel.name === null || !POSTABLE_CHANNEL_TYPES.has(channel.type)) continue;
    const candidate = normaliseName(channel.name);
    const found = { id: channel.id, name: channel.name };
    if (candidate === wanted) return found;
    if (caseInsensitive === null && candidate.toLowerCase() === wantedLower) caseInsensitive = found;
    if (loose === null && looseName(candidate) === wantedLoose) loose = found;
  }
  return caseInsensitive ?? loose;
}

// Settings already strip '#', but a name typed elsewhere (or stored before that rule) may still carry it.
function normaliseName(name: string): string {
  return name.trim().replace(/^#+/, '').trim();
}

function looseName(name: string): string {
  return name.toLowerCase().replace(/[\s-]+/g, '-');
}
