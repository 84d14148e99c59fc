// The escalation ladder counts only actions carried out: dry-run, reversed, failed, pending and dismissed
// entries do not push a member up.

import { describe, expect, it } from 'vitest';
import { decideModeration } from '../../src/moderation/decide';
import { countsTowardLadder, priorViolations } from '../../src/moderation/ladder';
import type { ModerationSettings } from '../../src/guild/settings';

const SETTINGS: ModerationSettings = {
  enabled: true,
  rules: '',
  actions: { delete: true, warn: true, timeout: true, kick: true, ban: true },
  timeoutMinutes: 10,
  dryRun: false,
  exemptRoleIds: [],
  exemptChannelIds: [],
  review: { enabled: false, channelId: null, from: 'kick' },
  automod: false,
};
const MEMBER = { userId: '1', isBot: false, isOwner: false, isAdmin: false, roleIds: [] };
const PROPOSAL = { action: 'delete' as const, reason: 'r', rule: 'banned words: x', quote: 'x', confidence: 1, source: 'rules' as const };

describe('the escalation ladder', () => {
  it.each([
    ['done', true],
    ['dry-run', false],
    ['reversed', false],
    ['pending-review', false],
    ['dismissed', false],
    ['Missing Permissions (403, code 50013)', false],
    ['no bot token configured', false],
  ])('outcome %j counts: %s', (outcome, counts) => {
    expect(countsTowardLadder(outcome)).toBe(counts);
  });

  it('counts only the done entries', () => {
    expect(priorViolations(['done', 'dry-run', 'reversed', 'done', 'Missing Permissions'])).toBe(2);
    expect(priorViolations([])).toBe(0);
  });

  it('a member whose earlier actions were a dry run, reversed or failed stays on the first step', () => {
    const prior = priorViolations(['dry-run', 'reversed', 'Missing Permissions (403)']);
    const decision = decideModeration(SETTINGS, MEMBER, 'c', PROPOSAL, prior, ['warn', 'timeout', 'kick']);
    expect(decision).toMatchObject({ act: true, action: 'delete', escalated: false });
    const climbed = decideModeration(SETTINGS, MEMBER, 'c', PROPOSAL, priorViolations(['done', 'done']), ['warn', 'timeout', 'kick']);
    expect(climbed).toMatchObject({ act: true, action: 'timeout', escalated: true });
  });
});
