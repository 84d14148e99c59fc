// What the inbox's caps admit: moderation is never the part that is dropped; guild state is never refused.

import { describe, expect, it } from 'vitest';
import { admit } from '../../src/guild/inbox-schedule';

describe('inbox admission', () => {
  const limits = { perMember: 2, answered: 5, total: 8 };

  it('answers under the caps', () => {
    expect(admit('message_create', { total: 0, member: 0 }, limits)).toEqual({ store: true, mode: 'full' });
  });

  it("over the member's cap, a new message is still stored, to be moderated but not answered", () => {
    expect(admit('message_create', { total: 3, member: 2 }, limits)).toEqual({ store: true, mode: 'overflow' });
  });

  it("over the guild's answer cap, a new message is moderated only", () => {
    expect(admit('message_create', { total: 5, member: 0 }, limits)).toEqual({ store: true, mode: 'overflow' });
  });

  it('past the total cap, gateway messages and edits are refused (they wait in the shard outbox)', () => {
    expect(admit('message_create', { total: 8, member: 0 }, limits)).toEqual({ store: false });
    expect(admit('message_update', { total: 8, member: 0 }, limits)).toEqual({ store: false });
  });

  it('guild state and role events are never refused, whatever the inbox holds', () => {
    expect(admit('guild_state', { total: 1_000, member: 0 }, limits)).toEqual({ store: true, mode: 'full' });
    expect(admit('role', { total: 1_000, member: 0 }, limits)).toEqual({ store: true, mode: 'full' });
  });

  it('an acknowledged /ask is always stored; over a cap it gets the busy notice', () => {
    expect(admit('ask', { total: 0, member: 0 }, limits)).toEqual({ store: true, mode: 'full' });
    expect(admit('ask', { total: 1_000, member: 5 }, limits)).toEqual({ store: true, mode: 'overflow' });
  });
});
