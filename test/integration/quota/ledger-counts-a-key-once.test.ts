// The UsageLedger counts a keyed message once a month, however often a retried event asks (a crash between
// counting and storing the reply must not count it twice); `room` only looks; a spent quota refuses new keys.

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('UsageLedger keys', () => {
  it('counts the same key once, refuses new keys past the limit, and room() counts nothing', async () => {
    const ledger = env.USAGE_LEDGER.get(env.USAGE_LEDGER.idFromName('guild:ledger-key-test'));
    expect(await ledger.consume('g1', 'answer', 2, 'message-1')).toMatchObject({ allowed: true, used: 1 });
    expect(await ledger.consume('g1', 'answer', 2, 'message-1')).toMatchObject({ allowed: true, used: 1, repeated: true });
    // The same id in another guild of the account, or as another kind, is another message.
    expect(await ledger.consume('g2', 'answer', 2, 'message-1')).toMatchObject({ allowed: true, used: 2 });
    expect(await ledger.room(2)).toMatchObject({ allowed: false, used: 2 });
    expect(await ledger.consume('g1', 'moderation', 2, 'message-1')).toMatchObject({ allowed: false, used: 2 });
    // A retry of an already counted message still goes through when the quota is spent meanwhile.
    expect(await ledger.consume('g1', 'answer', 2, 'message-1')).toMatchObject({ allowed: true, repeated: true });
    expect((await ledger.totals('g1')).used).toBe(2);
  });
});
