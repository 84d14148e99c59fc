// The interaction signature's timestamp window: the Worker refuses a request whose X-Signature-Timestamp is
// more than SIGNATURE_WINDOW_SECONDS from now (either way), so a captured request cannot be replayed later.

import { describe, expect, it } from 'vitest';
import { SIGNATURE_WINDOW_SECONDS, timestampIsFresh } from '../../src/discord/verify-interaction';

const NOW = 1_800_000_000_000;
const nowSeconds = NOW / 1000;

describe('timestampIsFresh', () => {
  it('accepts now and anything within the window either way', () => {
    expect(timestampIsFresh(String(nowSeconds), NOW)).toBe(true);
    expect(timestampIsFresh(String(nowSeconds - SIGNATURE_WINDOW_SECONDS), NOW)).toBe(true);
    expect(timestampIsFresh(String(nowSeconds + SIGNATURE_WINDOW_SECONDS), NOW)).toBe(true);
  });

  it('refuses a timestamp just outside the window, in the past or the future', () => {
    expect(timestampIsFresh(String(nowSeconds - SIGNATURE_WINDOW_SECONDS - 1), NOW)).toBe(false);
    expect(timestampIsFresh(String(nowSeconds + SIGNATURE_WINDOW_SECONDS + 1), NOW)).toBe(false);
    expect(timestampIsFresh('1700000000', NOW)).toBe(false);
  });

  it('refuses what is not a whole number of seconds', () => {
    for (const bad of ['', ' ', 'r', '-1', '1.5', `${nowSeconds}x`, '1e9', '0x10', '9'.repeat(13)]) {
      expect(timestampIsFresh(bad, NOW), JSON.stringify(bad)).toBe(false);
    }
  });
});
