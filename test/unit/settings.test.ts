import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  PLAN_LIMITS,
  applySettingsPatch,
  effectiveMonthlyLimit,
  publicSettings,
  type GuildSettings,
} from '../../src/guild/settings';

const APP_ID = '123456789012345678';
const CHANNEL_A = '223456789012345678';
const CHANNEL_B = '323456789012345678';
const KEY = 'ab'.repeat(32);
const TOKEN = 'MTIz.secret.token';

function patched(current: GuildSettings, patch: unknown): GuildSettings {
  const result = applySettingsPatch(current, patch);
  if (!result.ok) throw new Error(`expected success, got ${result.field}: ${result.error}`);
  return result.settings;
}

function withBot(): GuildSettings {
  return patched(DEFAULT_SETTINGS, { customBot: { applicationId: APP_ID, publicKey: KEY, botToken: TOKEN } });
}

describe('guild settings', () => {
  it('has the contract defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      responseMode: 'mention',
      smartMode: true,
      channelAwareness: false,
      channels: [],
      moderation: {
        enabled: false,
        rules: '',
        actions: { delete: true, warn: false, timeout: false, kick: false, ban: false },
        timeoutMinutes: 10,
        dryRun: false,
        exemptRoleIds: [],
        exemptChannelIds: [],
        review: { enabled: false, channelId: null, from: 'kick' },
        automod: false,
      },
      proactive: { enabled: false, channel: 'general', frequency: 'daily', topics: '' },
      plan: 'starter',
      accountId: null,
      monthlyLimit: null,
      memberAnswersPerHour: null,
      escalationEmail: null,
      customBot: null,
      agentRoleIds: [],
      forums: { enabled: true, channelIds: [] },
      autoThread: false,
      feedback: true,
      tickets: { enabled: false, channelId: null, staffRoleIds: [] },
    });
    expect(PLAN_LIMITS).toEqual({ starter: 2500, standard: 15000, pro: 50000 });
  });

  it('freezes the defaults so one guild cannot change another guild’s starting point', () => {
    expect(() => DEFAULT_SETTINGS.channels.push(CHANNEL_A)).toThrow();
    expect(() => {
      DEFAULT_SETTINGS.moderation.actions.ban = true;
    }).toThrow();
  });

  it('returns equal but independent settings for an empty patch', () => {
    const settings = patched(DEFAULT_SETTINGS, {});
    expect(settings).toEqual(DEFAULT_SETTINGS);
    settings.channels.push(CHANNEL_A);
    settings.moderation.actions.ban = true;
    expect(DEFAULT_SETTINGS.channels).toEqual([]);
  });

  it('merges nested objects key by key', () => {
    const settings = patched(DEFAULT_SETTINGS, { moderation: { actions: { ban: true } } });
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      moderation: { ...DEFAULT_SETTINGS.moderation, actions: { ...DEFAULT_SETTINGS.moderation.actions, ban: true } },
    });
  });

  it('replaces arrays and scalars rather than merging them', () => {
    const first = patched(DEFAULT_SETTINGS, { channels: [CHANNEL_A, CHANNEL_B], responseMode: 'all' });
    const second = patched(first, { channels: [CHANNEL_B], smartMode: false });
    expect(second.channels).toEqual([CHANNEL_B]);
    expect(second.responseMode).toBe('all');
    expect(second.smartMode).toBe(false);
  });

  it('drops duplicate ids', () => {
    expect(patched(DEFAULT_SETTINGS, { channels: [CHANNEL_A, CHANNEL_A, CHANNEL_B] }).channels).toEqual([CHANNEL_A, CHANNEL_B]);
  });

  it('does not modify the current settings', () => {
    const current = patched(DEFAULT_SETTINGS, { channels: [CHANNEL_A] });
    const snapshot = JSON.parse(JSON.stringify(current)) as GuildSettings;
    patched(current, { channels: [CHANNEL_B], moderation: { actions: { kick: true } } });
    expect(current).toEqual(snapshot);
  });

  it.each([
    ['#support', 'support'],
    ['  ##announcements ', 'announcements'],
    ['general', 'general'],
  ])('normalises the proactive channel %j to %j', (channel, expected) => {
    expect(patched(DEFAULT_SETTINGS, { proactive: { channel } }).proactive.channel).toBe(expected);
  });

  it.each([
    [{ accountId: 'acct_1', monthlyLimit: 100, escalationEmail: 'help@example.com' }],
    [{ moderation: { timeoutMinutes: 1 } }],
    [{ moderation: { timeoutMinutes: 40320 } }],
    [{ moderation: { rules: 'x'.repeat(10000) } }],
    [{ proactive: { topics: 'y'.repeat(2000), frequency: '2h' } }],
    [{ proactive: { channel: 'c'.repeat(100) } }],
    [{ plan: 'pro', responseMode: 'ask' }],
    [{ memberAnswersPerHour: 1 }],
    [{ memberAnswersPerHour: 1000 }],
    [{ moderation: { exemptRoleIds: ['12345678901234567', '12345678901234567890'] } }],
  ])('accepts valid values %o', (patch) => {
    expect(applySettingsPatch(DEFAULT_SETTINGS, patch).ok).toBe(true);
  });

  it('sets nullable fields back to null', () => {
    const filled = patched(withBot(), { accountId: 'acct_1', monthlyLimit: 100, memberAnswersPerHour: 5, escalationEmail: 'help@example.com' });
    const cleared = patched(filled, { accountId: null, monthlyLimit: null, memberAnswersPerHour: null, escalationEmail: null, customBot: null });
    expect(cleared).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    [null],
    [[]],
    ['settings'],
    [42],
    [undefined],
  ])('rejects a body that is not a JSON object: %j', (body) => {
    expect(applySettingsPatch(DEFAULT_SETTINGS, body)).toEqual({ ok: false, field: 'body', error: expect.any(String) });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['unknown top-level key', { colour: 'red' }, 'colour', /unknown/],
    ['unknown nested key', { moderation: { actionz: {} } }, 'moderation.actionz', /unknown/],
    ['unknown action', { moderation: { actions: { nuke: true } } }, 'moderation.actions.nuke', /unknown/],
    ['prototype key', JSON.parse('{"__proto__": {"plan": "pro"}}'), '__proto__', /unknown/],
    ['response mode', { responseMode: 'loud' }, 'responseMode', /one of mention, all, ask/],
    ['smart mode type', { smartMode: 'yes' }, 'smartMode', /true or false/],
    ['smart mode null', { smartMode: null }, 'smartMode', /true or false/],
    ['channel awareness', { channelAwareness: 1 }, 'channelAwareness', /true or false/],
    ['channels type', { channels: CHANNEL_A }, 'channels', /list/],
    ['channel id format', { channels: [CHANNEL_A, CHANNEL_B, 'general'] }, 'channels[2]', /17 to 20 digits/],
    ['channel id as number', { channels: [123456789012345680] }, 'channels[0]', /Discord id/],
    ['too many channels', { channels: Array.from({ length: 501 }, (_, i) => `${100000000000000000 + i}`) }, 'channels', /500/],
    ['moderation type', { moderation: true }, 'moderation', /object/],
    ['moderation null', { moderation: null }, 'moderation', /object/],
    ['moderation enabled', { moderation: { enabled: 'no' } }, 'moderation.enabled', /true or false/],
    ['rules too long', { moderation: { rules: 'x'.repeat(10001) } }, 'moderation.rules', /10000/],
    ['actions type', { moderation: { actions: 'all' } }, 'moderation.actions', /object/],
    ['ban type', { moderation: { actions: { ban: 'yes' } } }, 'moderation.actions.ban', /true or false/],
    ['timeout zero', { moderation: { timeoutMinutes: 0 } }, 'moderation.timeoutMinutes', /1 to 40320/],
    ['timeout too long', { moderation: { timeoutMinutes: 40321 } }, 'moderation.timeoutMinutes', /1 to 40320/],
    ['timeout fraction', { moderation: { timeoutMinutes: 1.5 } }, 'moderation.timeoutMinutes', /whole number/],
    ['timeout string', { moderation: { timeoutMinutes: '10' } }, 'moderation.timeoutMinutes', /whole number/],
    ['dry run', { moderation: { dryRun: 0 } }, 'moderation.dryRun', /true or false/],
    ['exempt role id', { moderation: { exemptRoleIds: ['1'] } }, 'moderation.exemptRoleIds[0]', /Discord id/],
    ['exempt channel id', { moderation: { exemptChannelIds: [CHANNEL_A, null] } }, 'moderation.exemptChannelIds[1]', /Discord id/],
    ['proactive enabled', { proactive: { enabled: 'true' } }, 'proactive.enabled', /true or false/],
    ['proactive channel empty', { proactive: { channel: '' } }, 'proactive.channel', /channel name/],
    ['proactive channel only #', { proactive: { channel: ' # ' } }, 'proactive.channel', /channel name/],
    ['proactive channel too long', { proactive: { channel: 'c'.repeat(101) } }, 'proactive.channel', /100/],
    ['proactive channel type', { proactive: { channel: 7 } }, 'proactive.channel', /channel name/],
    ['proactive frequency', { proactive: { frequency: 'hourly' } }, 'proactive.frequency', /2h, 4h, 6h, 12h, daily, 2d, weekly/],
    ['proactive topics', { proactive: { topics: 'y'.repeat(2001) } }, 'proactive.topics', /2000/],
    ['plan', { plan: 'enterprise' }, 'plan', /starter, standard, pro/],
    ['account id empty', { accountId: '' }, 'accountId', /1 to 100/],
    ['account id too long', { accountId: 'a'.repeat(101) }, 'accountId', /1 to 100/],
    ['account id number', { accountId: 5 }, 'accountId', /or null/],
    ['monthly limit zero', { monthlyLimit: 0 }, 'monthlyLimit', /positive whole number/],
    ['monthly limit negative', { monthlyLimit: -5 }, 'monthlyLimit', /positive whole number/],
    ['monthly limit fraction', { monthlyLimit: 1.5 }, 'monthlyLimit', /positive whole number/],
    ['monthly limit string', { monthlyLimit: '100' }, 'monthlyLimit', /positive whole number/],
    ['member cap zero', { memberAnswersPerHour: 0 }, 'memberAnswersPerHour', /1 to 1000, or null/],
    ['member cap too high', { memberAnswersPerHour: 1001 }, 'memberAnswersPerHour', /1 to 1000/],
    ['member cap fraction', { memberAnswersPerHour: 2.5 }, 'memberAnswersPerHour', /whole number/],
    ['member cap string', { memberAnswersPerHour: '5' }, 'memberAnswersPerHour', /whole number/],
    ['e-mail without @', { escalationEmail: 'nope' }, 'escalationEmail', /e-mail/],
    ['e-mail without domain dot', { escalationEmail: 'a@b' }, 'escalationEmail', /e-mail/],
    ['e-mail with space', { escalationEmail: 'a b@c.de' }, 'escalationEmail', /e-mail/],
    ['custom bot type', { customBot: 'yes' }, 'customBot', /object/],
    ['custom bot application id', { customBot: { applicationId: 'x', publicKey: KEY, botToken: TOKEN } }, 'customBot.applicationId', /Discord id/],
    ['custom bot public key', { customBot: { applicationId: APP_ID, publicKey: 'a'.repeat(63), botToken: TOKEN } }, 'customBot.publicKey', /64 hexadecimal/],
    ['custom bot non-hex key', { customBot: { applicationId: APP_ID, publicKey: 'g'.repeat(64), botToken: TOKEN } }, 'customBot.publicKey', /64 hexadecimal/],
    ['custom bot extra key', { customBot: { applicationId: APP_ID, publicKey: KEY, botToken: TOKEN, secret: 1 } }, 'customBot.secret', /unknown/],
    ['custom bot missing id', { customBot: { publicKey: KEY, botToken: TOKEN } }, 'customBot.applicationId', /required/],
  ])('rejects %s naming the field', (_case, patch, field, message) => {
    const result = applySettingsPatch(DEFAULT_SETTINGS, patch);
    expect(result).toEqual({ ok: false, field, error: expect.stringMatching(message) });
  });

  it('does not let a __proto__ key touch any prototype', () => {
    applySettingsPatch(DEFAULT_SETTINGS, JSON.parse('{"moderation": {"__proto__": {"polluted": true}}}'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(DEFAULT_SETTINGS.moderation)).toBe(Object.prototype);
  });

  describe('custom bot token is write-only', () => {
    it('requires a token when a custom bot is first set', () => {
      expect(applySettingsPatch(DEFAULT_SETTINGS, { customBot: { applicationId: APP_ID, publicKey: KEY } })).toEqual({
        ok: false,
        field: 'customBot.botToken',
        error: expect.stringMatching(/required/),
      });
    });

    it.each([[''], ['   '], [null], [42]])('rejects the token %j', (botToken) => {
      const result = applySettingsPatch(withBot(), { customBot: { botToken } });
      expect(result).toMatchObject({ ok: false, field: 'customBot.botToken' });
    });

    it('keeps the stored token when a patch omits it', () => {
      const otherKey = 'cd'.repeat(32);
      const settings = patched(withBot(), { customBot: { applicationId: '923456789012345678', publicKey: otherKey } });
      expect(settings.customBot).toEqual({ applicationId: '923456789012345678', publicKey: otherKey, botToken: TOKEN });
    });

    it('replaces the token when a patch includes one', () => {
      expect(patched(withBot(), { customBot: { botToken: 'new-token' } }).customBot?.botToken).toBe('new-token');
    });

    it('accepts what GET returned as a PATCH body and keeps the token', () => {
      const current = withBot();
      expect(patched(current, publicSettings(current))).toEqual(current);
    });

    it('requires a token again after the custom bot was cleared', () => {
      const cleared = patched(withBot(), { customBot: null });
      expect(applySettingsPatch(cleared, { customBot: { applicationId: APP_ID, publicKey: KEY, botTokenSet: true } })).toMatchObject({
        ok: false,
        field: 'customBot.botToken',
      });
    });

    it('never exposes the token in public settings', () => {
      const view = publicSettings(withBot());
      expect(view.customBot).toEqual({ applicationId: APP_ID, publicKey: KEY, botTokenSet: true });
      expect(JSON.stringify(view)).not.toContain(TOKEN);
      expect(JSON.stringify(view)).not.toContain('botToken"');
    });

    it('shows a null custom bot as null and everything else unchanged', () => {
      const settings = patched(DEFAULT_SETTINGS, { channels: [CHANNEL_A] });
      const view = publicSettings(settings);
      expect(view).toEqual(settings);
      view.channels.push(CHANNEL_B);
      expect(settings.channels).toEqual([CHANNEL_A]);
    });
  });

  it.each<[Partial<GuildSettings>, number]>([
    [{ plan: 'starter', monthlyLimit: null }, 2500],
    [{ plan: 'standard', monthlyLimit: null }, 15000],
    [{ plan: 'pro', monthlyLimit: null }, 50000],
    [{ plan: 'pro', monthlyLimit: 1000 }, 1000],
    [{ plan: 'starter', monthlyLimit: 9999 }, 2500],
    [{ plan: 'standard', monthlyLimit: 15000 }, 15000],
  ])('computes the effective monthly limit for %o as %i', (overrides, expected) => {
    expect(effectiveMonthlyLimit({ ...DEFAULT_SETTINGS, ...overrides })).toBe(expected);
  });
});
