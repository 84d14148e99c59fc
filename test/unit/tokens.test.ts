// Signed guild tokens and live tickets (src/api/tokens.ts): only what Herald signed with its key, for that
// guild and (tickets) not expired, verifies; anything else is refused before any actor is asked.

import { describe, expect, it } from 'vitest';
import { LIVE_TICKET_TTL_MS, newGuildToken, newLiveTicket, signingKey, verifiedLiveTicket, verifiedTokenGuild } from '../../src/api/tokens';

const KEY = 'session-secret-for-tests';
const GUILD = '123456789012345678';
const OTHER_GUILD = '876543210987654321';
const NOW = Date.UTC(2026, 10, 29, 12);

/** Flips one hex digit at `index` (counted from the end when negative). */
function flip(text: string, index: number): string {
  const i = index < 0 ? text.length + index : index;
  const digit = text[i] === '0' ? '1' : '0';
  return text.slice(0, i) + digit + text.slice(i + 1);
}

describe('signingKey', () => {
  it('is SESSION_SECRET, falling back to ADMIN_TOKEN, else null', () => {
    expect(signingKey({ sessionSecret: 's', adminToken: 'a' })).toBe('s');
    expect(signingKey({ sessionSecret: null, adminToken: 'a' })).toBe('a');
    expect(signingKey({ sessionSecret: null, adminToken: null })).toBeNull();
  });
});

describe('guild tokens', () => {
  it('verifies a token it minted, for its guild', async () => {
    const token = await newGuildToken(GUILD, KEY);
    expect(token).toMatch(/^hg_123456789012345678_[0-9a-f]{32}_[0-9a-f]{64}$/);
    expect(await verifiedTokenGuild(token, KEY)).toBe(GUILD);
  });

  it('mints a different token each time', async () => {
    expect(await newGuildToken(GUILD, KEY)).not.toBe(await newGuildToken(GUILD, KEY));
  });

  it('refuses a tampered signature or nonce', async () => {
    const token = await newGuildToken(GUILD, KEY);
    expect(await verifiedTokenGuild(flip(token, -1), KEY)).toBeNull();
    expect(await verifiedTokenGuild(flip(token, -70), KEY)).toBeNull();
  });

  it('refuses a token moved to another guild', async () => {
    const token = await newGuildToken(GUILD, KEY);
    expect(await verifiedTokenGuild(token.replace(GUILD, OTHER_GUILD), KEY)).toBeNull();
  });

  it('refuses a token signed with another key (the key changed)', async () => {
    const token = await newGuildToken(GUILD, 'the-old-key');
    expect(await verifiedTokenGuild(token, KEY)).toBeNull();
  });

  it.each([
    ['the old unsigned format', `hg_${GUILD}_${'a'.repeat(48)}`],
    ['no signature', `hg_${GUILD}_${'a'.repeat(32)}`],
    ['upper-case hex', `hg_${GUILD}_${'A'.repeat(32)}_${'B'.repeat(64)}`],
    ['not a snowflake', `hg_abc_${'a'.repeat(32)}_${'b'.repeat(64)}`],
    ['empty', ''],
  ])('refuses %s', async (_label, token) => {
    expect(await verifiedTokenGuild(token, KEY)).toBeNull();
  });
});

describe('live tickets', () => {
  it('verifies a fresh ticket and says its guild and expiry', async () => {
    const issued = await newLiveTicket(GUILD, KEY, NOW);
    expect(issued.expiresAt).toBe(NOW + LIVE_TICKET_TTL_MS);
    expect(await verifiedLiveTicket(issued.ticket, KEY, NOW + 1_000)).toEqual(issued);
  });

  it('refuses an expired ticket', async () => {
    const { ticket } = await newLiveTicket(GUILD, KEY, NOW);
    expect(await verifiedLiveTicket(ticket, KEY, NOW + LIVE_TICKET_TTL_MS)).toBeNull();
  });

  it('refuses a ticket whose expiry was pushed back, or that was moved to another guild', async () => {
    const issued = await newLiveTicket(GUILD, KEY, NOW);
    const later = issued.ticket.replace(`_${issued.expiresAt}_`, `_${issued.expiresAt + 30_000}_`);
    expect(await verifiedLiveTicket(later, KEY, NOW + 40_000)).toBeNull();
    expect(await verifiedLiveTicket(issued.ticket.replace(GUILD, OTHER_GUILD), KEY, NOW)).toBeNull();
  });

  it('refuses a ticket signed with another key, or tampered with', async () => {
    const { ticket } = await newLiveTicket(GUILD, 'other-key', NOW);
    expect(await verifiedLiveTicket(ticket, KEY, NOW)).toBeNull();
    const mine = (await newLiveTicket(GUILD, KEY, NOW)).ticket;
    expect(await verifiedLiveTicket(flip(mine, -1), KEY, NOW)).toBeNull();
  });

  it('a token is not a ticket and a ticket is not a token', async () => {
    const token = await newGuildToken(GUILD, KEY);
    const { ticket } = await newLiveTicket(GUILD, KEY, NOW);
    expect(await verifiedLiveTicket(token, KEY, NOW)).toBeNull();
    expect(await verifiedTokenGuild(ticket, KEY)).toBeNull();
  });
});
