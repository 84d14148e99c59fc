// The settings validator refuses deep or huge input before walking it: 10,000 levels of nesting used to
// overflow the stack, and a 500,000-item list was validated item by item before its length was looked at.

import { describe, expect, it } from 'vitest';
import { applySettingsPatch, DEFAULT_SETTINGS, MAX_SETTINGS_DEPTH } from '../../src/guild/settings';

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('applySettingsPatch bounds', () => {
  it('refuses 10,000 levels of nesting naming where, without overflowing', () => {
    const result = applySettingsPatch(DEFAULT_SETTINGS, { moderation: nested(10_000) });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe(['moderation', ...Array<string>(MAX_SETTINGS_DEPTH - 1).fill('a')].join('.'));
      expect(result.error).toContain('nested deeper');
    }
  });

  it('refuses a 500,000-item list by its length, not by its first bad item', () => {
    const result = applySettingsPatch(DEFAULT_SETTINGS, { channels: Array<number>(500_000).fill(1) });
    expect(result).toEqual({ ok: false, field: 'channels', error: 'a list of at most 500 items' });
  });

  it('still accepts the deepest real settings', () => {
    const result = applySettingsPatch(DEFAULT_SETTINGS, { moderation: { actions: { ban: true } } });
    expect(result.ok).toBe(true);
  });
});
