// The moderation preview: each rule with its kind, whether it is enforced offline and its action after the
// enabled-actions fallback; and, for a message, what Herald would do and why.

import { describe, expect, it } from 'vitest';
import type { ModerationSettings } from '../../src/guild/settings';
import { describeRules, previewDecision } from '../../src/moderation/preview';
import { parseRules } from '../../src/moderation/rules';
import { reviewWarnings, rulesWarnings } from '../../src/api/moderation-preview';

const SETTINGS: ModerationSettings = {
  enabled: true,
  rules: '',
  actions: { delete: true, warn: true, timeout: false, kick: false, ban: false },
  timeoutMinutes: 10,
  dryRun: false,
  exemptRoleIds: ['300000000000000009'],
  exemptChannelIds: [],
  review: { enabled: false, channelId: null, from: 'kick' },
  automod: false,
};
const MEMBER = { userId: '200000000000000001', isBot: false, isOwner: false, isAdmin: false, roleIds: [] };
const TEXT = ['- Be respectful.', 'No crypto scams. Banned words: crypto-scam, free-nitro => ban', 'no invites => warn', 'escalate: warn, timeout', 'no spam'].join('\n');

describe('describeRules', () => {
  it('lists each rule in the order written, with kind, offline and the action after the fallback', () => {
    expect(describeRules(TEXT, parseRules(TEXT), SETTINGS.actions)).toEqual([
      { text: '- Be respectful.', kind: 'ai', offline: false, action: null },
      { text: 'No crypto scams.', kind: 'ai', offline: false, action: null },
      // "=> ban" with only delete and warn enabled falls back to warn.
      { text: 'Banned words: crypto-scam, free-nitro => ban', kind: 'banned-words', offline: true, action: 'warn' },
      { text: 'no invites => warn', kind: 'invites', offline: true, action: 'warn' },
      { text: 'escalate: warn, timeout', kind: 'escalation', offline: true, action: null },
      // flood defaults to timeout; timeout is off, so it falls back to warn.
      { text: 'no spam', kind: 'flood', offline: true, action: 'warn' },
    ]);
  });

  it('an action with nothing enabled at or below it is null', () => {
    const none = { delete: false, warn: false, timeout: false, kick: false, ban: true };
    expect(describeRules('no links', parseRules('no links'), none)).toEqual([{ text: 'no links', kind: 'links', offline: true, action: null }]);
  });
});

describe('previewDecision', () => {
  const parsed = parseRules(TEXT);
  const message = (content: string) => ({ content, userId: MEMBER.userId, roleIds: [] });

  it('a banned word: the fallback action, the rule and why', () => {
    const decision = previewDecision(SETTINGS, parsed, message('free nitro here: FREE-NITRO'), MEMBER, 0, false);
    expect(decision).toMatchObject({ action: 'warn', rule: 'Banned words: crypto-scam, free-nitro => ban' });
    expect(decision.reason).toContain('free-nitro');
    expect(decision.reason).toContain('not enabled');
  });

  it('a clean message: none, and it says the model-only rules are not enforced without a model', () => {
    const decision = previewDecision(SETTINGS, parsed, message('hello there'), MEMBER, 0, false);
    expect(decision).toEqual({ action: 'none', rule: null, reason: expect.stringContaining('no model is configured') });
    expect(previewDecision(SETTINGS, parsed, message('hello'), MEMBER, 0, true).reason).toContain('the preview does not ask it');
  });

  it('an exempt role or an admin: none, with the reason', () => {
    const exempt = previewDecision(SETTINGS, parsed, message('discord.gg/abcdef'), { ...MEMBER, roleIds: ['300000000000000009'] }, 0, false);
    expect(exempt).toMatchObject({ action: 'none', rule: 'no invites => warn' });
    expect(exempt.reason).toContain('exempt role');
    expect(previewDecision(SETTINGS, parsed, message('discord.gg/abcdef'), { ...MEMBER, isAdmin: true }, 0, false).reason).toContain('administrator');
  });

  it('escalation from earlier violations is applied and explained', () => {
    const decision = previewDecision({ ...SETTINGS, actions: { ...SETTINGS.actions, delete: true } }, parseRules('no invites\nescalate: warn'), message('discord.gg/abcdef'), MEMBER, 1, false);
    expect(decision.action).toBe('warn');
    expect(decision.reason).toContain('escalation');
  });

  it('with moderation off it still says what would happen, and that nothing is done now', () => {
    const decision = previewDecision({ ...SETTINGS, enabled: false }, parsed, message('discord.gg/abcdef'), MEMBER, 0, false);
    expect(decision.action).toBe('warn');
    expect(decision.reason).toContain('moderation is off');
  });
});

describe('rulesWarnings', () => {
  it('warns about model-only rules when no model is configured and moderation is on', () => {
    expect(rulesWarnings(TEXT, true, false)).toHaveLength(1);
    expect(rulesWarnings(TEXT, true, false)[0]).toContain('"- Be respectful."');
    expect(rulesWarnings(TEXT, true, true)).toEqual([]);
    expect(rulesWarnings(TEXT, false, false)).toEqual([]);
    expect(rulesWarnings('banned words: x\nno invites', true, false)).toEqual([]);
  });
});

describe('reviewWarnings', () => {
  it('warns when the review queue cannot hold anything', () => {
    expect(reviewWarnings({ enabled: true, channelId: null }, true, true)[0]).toContain('channelId');
    expect(reviewWarnings({ enabled: true, channelId: '300000000000000001' }, true, false)[0]).toContain('no model');
    expect(reviewWarnings({ enabled: true, channelId: '300000000000000001' }, true, true)).toEqual([]);
    expect(reviewWarnings({ enabled: false, channelId: null }, true, false)).toEqual([]);
  });
});
