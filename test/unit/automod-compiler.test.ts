// The AutoMod bridge's compiler: offline rules as AutoMod rules within Discord's limits (keyword rules per
// guild, keywords per rule and their length, mention limit, block-message length), wildcards never smuggled
// in, and the disguises AutoMod cannot express reported as not fitting.

import { describe, expect, it } from 'vitest';
import { AUTOMOD_LIMITS, compileAutomod, INVITE_REGEX, keywordsOf } from '../../src/moderation/automod';
import { parseRules } from '../../src/moderation/rules';

const OPTIONS = { alertChannelId: '300000000000000001', keywordRuleSlots: 6, exemptRoleIds: [], exemptChannelIds: [] };

describe('compileAutomod', () => {
  it('banned words, invites and mass mentions become Herald rules with a block message and an alert', () => {
    const { rules, notFitting } = compileAutomod(parseRules('banned words: Scam, free nitro\nno invites\nmax mentions: 4\nno links\nno spam'), OPTIONS);
    expect(rules.map((r) => r.name)).toEqual(['Herald: banned words', 'Herald: invites', 'Herald: mass mentions']);
    expect(rules[0]!.body).toMatchObject({ trigger_type: 1, event_type: 1, trigger_metadata: { keyword_filter: ['scam', 'free nitro', 'freenitro'] } });
    expect(rules[1]!.body.trigger_metadata).toEqual({ regex_patterns: [INVITE_REGEX] });
    expect(rules[2]!.body).toMatchObject({ trigger_type: 5, trigger_metadata: { mention_total_limit: 4 } });
    for (const rule of rules) {
      expect(rule.body.actions[0]).toMatchObject({ type: 1 });
      expect((rule.body.actions[0]!.metadata as { custom_message: string }).custom_message.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.blockMessageChars);
      expect(rule.body.actions[1]).toEqual({ type: 2, metadata: { channel_id: OPTIONS.alertChannelId } });
    }
    expect(notFitting.join('\n')).toMatch(/no links/);
    expect(notFitting.join('\n')).toMatch(/no spam/);
  });

  it('the invite pattern is within the regex limit and matches the invite forms Herald checks', () => {
    expect(INVITE_REGEX.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.regexChars);
    const invite = new RegExp(INVITE_REGEX, 'iu');
    expect(invite.test('join discord.gg/abcd')).toBe(true);
    expect(invite.test('https://discord.com/invite/xyz12')).toBe(true);
    expect(invite.test('discordapp.com/invite/xyz12')).toBe(true);
    expect(invite.test('discord.com/channels/1/2')).toBe(false);
  });

  it('no alert without a review channel', () => {
    const { rules } = compileAutomod(parseRules('no invites'), { ...OPTIONS, alertChannelId: null });
    expect(rules[0]!.body.actions).toHaveLength(1);
  });

  it('more than 1000 keywords spill into a second rule; past the free keyword-rule slots they are reported', () => {
    const terms = Array.from({ length: 1_500 }, (_, i) => `word${i}`).join(', ');
    const two = compileAutomod(parseRules(`banned words: ${terms}`), OPTIONS);
    expect(two.rules.map((r) => [r.name, r.body.trigger_metadata?.keyword_filter?.length])).toEqual([
      ['Herald: banned words', 1_000],
      ['Herald: banned words (2)', 500],
    ]);
    // The owner already has five keyword rules: one slot left for Herald.
    const one = compileAutomod(parseRules(`banned words: ${terms}\nno invites`), { ...OPTIONS, keywordRuleSlots: 1 });
    expect(one.rules.map((r) => r.name)).toEqual(['Herald: banned words']);
    expect(one.notFitting.join('\n')).toContain('500 banned keyword(s)');
    expect(one.notFitting.join('\n')).toContain('no invites');
  });

  it('a mention limit above 50 does not fit; @everyone is left to Herald', () => {
    const { rules, notFitting } = compileAutomod(parseRules('max mentions: 80\nno mass mentions'), OPTIONS);
    expect(rules).toEqual([]);
    expect(notFitting.join('\n')).toContain('at most 50');
    expect(notFitting.join('\n')).toContain('@everyone');
  });

  it('disguises AutoMod cannot express are reported', () => {
    expect(compileAutomod(parseRules('banned words: scam'), OPTIONS).notFitting.join('\n')).toContain('leetspeak');
  });

  it('exempt roles and channels are carried over within AutoMod\'s limits', () => {
    const roles = Array.from({ length: 25 }, (_, i) => `4000000000000000${String(i).padStart(2, '0')}`);
    const { rules, notFitting } = compileAutomod(parseRules('no invites'), { ...OPTIONS, exemptRoleIds: roles });
    expect(rules[0]!.body.exempt_roles).toHaveLength(AUTOMOD_LIMITS.exemptRoles);
    expect(notFitting.join('\n')).toContain('exempt roles');
  });
});

describe('keywordsOf', () => {
  it.each<[string, string[] | null]>([
    ['Scam', ['scam']],
    ['free   nitro', ['free nitro', 'freenitro']],
    // A `*` would become an AutoMod wildcard and block far more than the owner banned.
    ['sc*m', null],
    ['x'.repeat(61), null],
    ['x'.repeat(60), ['x'.repeat(60)]],
  ])('%j', (term, expected) => {
    const result = keywordsOf(term);
    if (expected === null) {
      expect(result.keywords).toEqual([]);
      expect(result.problem).not.toBeNull();
    } else {
      expect(result).toEqual({ keywords: expected, problem: null });
    }
  });
});
