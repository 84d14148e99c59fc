// monthOf and dayOf remember the last day they formatted (issue 15: every count asked toISOString several
// times); the memo must still give each instant its own UTC day and month, whichever order they come in.

import { describe, expect, it } from 'vitest';
import { dayOf, monthOf } from '../../src/usage/quota';

describe('quota calendar', () => {
  it('gives each instant its UTC day and month, across day, month and year boundaries, in any order', () => {
    const instants = [
      Date.UTC(2026, 10, 30, 23, 59, 59, 999),
      Date.UTC(2026, 11, 1, 0, 0, 0, 0),
      Date.UTC(2026, 10, 30, 0, 0, 0, 0),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
      Date.UTC(2024, 1, 29, 12),
      0,
      Date.UTC(2026, 10, 30, 23, 59, 59, 999),
    ];
    for (const at of instants) {
      const iso = new Date(at).toISOString();
      expect(dayOf(at)).toBe(iso.slice(0, 10));
      expect(monthOf(at)).toBe(iso.slice(0, 7));
    }
  });
});
