import { describe, expect, it } from 'vitest';
import { PROACTIVE_FREQUENCIES, type ProactiveFrequency } from '../../src/guild/settings';
import { FREQUENCY_MS, nextProactiveAt, resolveChannelByName } from '../../src/proactive/schedule';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

const EXPECTED: Record<ProactiveFrequency, number> = {
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '12h': 12 * HOUR,
  daily: DAY,
  '2d': 2 * DAY,
  weekly: 7 * DAY,
};

describe('FREQUENCY_MS', () => {
  it('has an interval for every frequency the settings accept, and nothing else', () => {
    expect(Object.keys(FREQUENCY_MS).sort()).toEqual([...PROACTIVE_FREQUENCIES].sort());
    expect(FREQUENCY_MS).toEqual(EXPECTED);
  });
});

describe('nextProactiveAt', () => {
  for (const frequency of PROACTIVE_FREQUENCIES) {
    describe(`schedules for "${frequency}"`, () => {
      const interval = EXPECTED[frequency];

      it('posts one interval from now when there is no last post', () => {
        expect(nextProactiveAt(frequency, null, NOW)).toBe(NOW + interval);
      });

      it('posts one interval after the last post while that is still ahead', () => {
        const lastPostAt = NOW - interval / 4;
        expect(nextProactiveAt(frequency, lastPostAt, NOW)).toBe(lastPostAt + interval);
      });

      it('posts at once when overdue, without catching up missed slots', () => {
        expect(nextProactiveAt(frequency, NOW - interval - 1, NOW)).toBe(NOW);
        expect(nextProactiveAt(frequency, NOW - 10 * interval, NOW)).toBe(NOW);
      });

      it('is due exactly now when exactly one interval has passed', () => {
        expect(nextProactiveAt(frequency, NOW - interval, NOW)).toBe(NOW);
      });

      it('a post made now schedules the next one a full interval later', () => {
        expect(nextProactiveAt(frequency, NOW, NOW)).toBe(NOW + interval);
      });
    });
  }

  it('is never earlier than now', () => {
    for (const frequency of PROACTIVE_FREQUENCIES) {
      for (const lastPostAt of [null, 0, NOW - 30 * DAY, NOW - 1, NOW, NOW + 1]) {
        expect(nextProactiveAt(frequency, lastPostAt, NOW)).toBeGreaterThanOrEqual(NOW);
      }
    }
  });

  it('never waits more than one interval, even with a last post in the future (clock skew)', () => {
    expect(nextProactiveAt('daily', NOW + 5 * DAY, NOW)).toBe(NOW + DAY);
  });

  it('treats a non-finite last post time as none', () => {
    expect(nextProactiveAt('4h', Number.NaN, NOW)).toBe(NOW + 4 * HOUR);
  });
});

describe('resolveChannelByName', () => {
  const channels = [
    { id: '1', name: 'General', type: 0 },
    { id: '2', name: 'general', type: 2 }, // voice: not postable
    { id: '3', name: 'announcements', type: 5 },
    { id: '4', name: 'Tips', type: 4 }, // category: not postable
    { id: '5', name: null, type: 0 },
    { id: '6', name: 'tips', type: 0 },
    { id: '7', name: 'help-desk', type: 0 },
  ];

  it('finds a text channel by name, ignoring case', () => {
    expect(resolveChannelByName(channels, 'general')).toEqual({ id: '1', name: 'General' });
    expect(resolveChannelByName(channels, 'GENERAL')).toEqual({ id: '1', name: 'General' });
  });

  it('ignores a leading # and surrounding spaces', () => {
    expect(resolveChannelByName(channels, '#tips')).toEqual({ id: '6', name: 'tips' });
    expect(resolveChannelByName(channels, '  #Announcements ')).toEqual({ id: '3', name: 'announcements' });
  });

  it('accepts announcement channels but not voice channels or categories', () => {
    expect(resolveChannelByName(channels, 'announcements')?.id).toBe('3');
    expect(resolveChannelByName([{ id: '2', name: 'general', type: 2 }], 'general')).toBeNull();
    expect(resolveChannelByName([{ id: '4', name: 'Tips', type: 4 }], 'tips')).toBeNull();
  });

  it('prefers an exact match over a case-insensitive one', () => {
    const both = [
      { id: 'a', name: 'Rules', type: 0 },
      { id: 'b', name: 'rules', type: 0 },
    ];
    expect(resolveChannelByName(both, 'rules')).toEqual({ id: 'b', name: 'rules' });
    expect(resolveChannelByName(both, 'Rules')).toEqual({ id: 'a', name: 'Rules' });
    expect(resolveChannelByName(both, 'RULES')).toEqual({ id: 'a', name: 'Rules' });
  });

  it('matches a name typed with spaces to Discord\'s hyphenated channel name', () => {
    expect(resolveChannelByName(channels, 'Help Desk')).toEqual({ id: '7', name: 'help-desk' });
  });

  it('returns null for a missing channel or an empty name', () => {
    expect(resolveChannelByName(channels, 'random')).toBeNull();
    expect(resolveChannelByName(channels, '#')).toBeNull();
    expect(resolveChannelByName(channels, '')).toBeNull();
    expect(resolveChannelByName([], 'general')).toBeNull();
  });
});
