// The ledger keeps a counted key only while the event it belongs to may still be retried (src/usage/quota.ts
// CountMarks): a key counted under top T goes once the guild's oldest pending event is numbered above T.

import { describe, expect, it } from 'vitest';
import { keptKeys } from '../../src/usage/quota';

describe('keptKeys', () => {
  it('drops keys whose events are all done, keeps pending ones and keys counted without marks', () => {
    const keys = { 'answer:1': 4, 'answer:2': 7, 'moderation:2': 7, 'answer:old': null };
    expect(keptKeys(keys, { floor: 5, top: 9 })).toEqual({ 'answer:2': 7, 'moderation:2': 7, 'answer:old': null });
    // The oldest pending event is numbered at most the top a key was counted under: that key stays.
    expect(keptKeys(keys, { floor: 7, top: 9 })).toEqual({ 'answer:2': 7, 'moderation:2': 7, 'answer:old': null });
    // Nothing pending (floor = top + 1): only keys counted without marks are left.
    expect(keptKeys(keys, { floor: 10, top: 9 })).toEqual({ 'answer:old': null });
    expect(keptKeys(keys, null)).toEqual(keys);
  });
});
