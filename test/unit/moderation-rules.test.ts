import { describe, expect, it } from 'vitest';
import { ACTION_ORDER, DEFAULT_FLOOD, actionRank, domainOf, isModAction, parseRules, type ParsedRules } from '../../src/moderation/rules';

const EMPTY: ParsedRules = { bannedTerms: [], noInvites: null, noLinks: null, mentions: null, flood: null, escalation: [], freeText: [] };

describe('actions', () => {
  it('are ordered delete < warn < timeout < kick < ban', () => {
    expect(ACTION_ORDER).toEqual(['delete', 'warn', 'timeout', 'kick', 'ban']);
    expect(ACTION_ORDER.map(actionRank)).toEqual([0, 1, 2, 3, 4]);
  });

  it.each<[unknown, boolean]>([
    ['delete', true],
    ['ban', true],
    ['Ban', false],
    ['mute', false],
    ['none', false],
    ['', false],
    [null, false],
    [3, false],
  ])('isModAction(%j) is %s', (value, expected) => {
    expect(isModAction(value)).toBe(expected);
  });
});

describe('parseRules', () => {
  it('reads the documented example', () => {
    const rules = parseRules(
      [
        '# Herald moderation',
        'banned words: scam, free nitro, idiot',
        'banned phrases: "click this link", "dm me for" => warn',
        'no invites => timeout',
        'no links',
        'allowed links: docs.acme.com, github.com',
        'no mass mentions',
        'no spam',
        'escalate: warn, timeout, kick',
        '- Be respectful to everyone.',
        '- No NSFW content.',
      ].join('\n'),
    );
    expect(rules).toEqual<ParsedRules>({
      bannedTerms: [
        { term: 'scam', action: 'delete', line: 'banned words: scam, free nitro, idiot' },
        { term: 'free nitro', action: 'delete', line: 'banned words: scam, free nitro, idiot' },
        { term: 'idiot', action: 'delete', line: 'banned words: scam, free nitro, idiot' },
        { term: 'click this link', action: 'warn', line: 'banned phrases: "click this link", "dm me for" => warn' },
        { term: 'dm me for', action: 'warn', line: 'banned phrases: "click this link", "dm me for" => warn' },
      ],
      noInvites: { action: 'timeout', line: 'no invites => timeout' },
      noLinks: { action: 'delete', line: 'no links', allowedDomains: ['docs.acme.com', 'github.com'] },
      mentions: { max: 5, forbidEveryone: true, action: 'delete', line: 'no mass mentions' },
      flood: { count: 4, windowMs: 10_000, action: 'timeout', line: 'no spam' },
      escalation: ['warn', 'timeout', 'kick'],
      freeText: ['- Be respectful to everyone.', '- No NSFW content.'],
    });
  });

  it('an empty text has no rules', () => {
    expect(parseRules('')).toEqual(EMPTY);
    expect(parseRules('\n\n   \n# only a comment\n  # indented comment')).toEqual(EMPTY);
  });

  describe('default actions', () => {
    it.each<[string, (rules: ParsedRules) => string | undefined, string]>([
      ['banned words: scam', (r) => r.bannedTerms[0]?.action, 'delete'],
      ['banned phrases: "dm me"', (r) => r.bannedTerms[0]?.action, 'delete'],
      ['no invites', (r) => r.noInvites?.action, 'delete'],
      ['no links', (r) => r.noLinks?.action, 'delete'],
      ['max mentions: 3', (r) => r.mentions?.action, 'delete'],
      ['no mass mentions', (r) => r.mentions?.action, 'delete'],
      ['flood: 4 in 10s', (r) => r.flood?.action, 'timeout'],
      ['no flood', (r) => r.flood?.action, 'timeout'],
    ])('%s → %s', (line, pick, expected) => {
      expect(pick(parseRules(line))).toBe(expected);
    });
  });

  describe('"=> action" chooses the action', () => {
    it.each<[string, (rules: ParsedRules) => string | undefined, string]>([
      ['banned words: scam => ban', (r) => r.bannedTerms[0]?.action, 'ban'],
      ['banned words: scam=>kick', (r) => r.bannedTerms[0]?.action, 'kick'],
      ['no invites => WARN', (r) => r.noInvites?.action, 'warn'],
      ['no links   =>   timeout  ', (r) => r.noLinks?.action, 'timeout'],
      ['max mentions: 3 => warn', (r) => r.mentions?.action, 'warn'],
      ['no mass mentions => kick', (r) => r.mentions?.action, 'kick'],
      ['flood: 4 in 10s => delete', (r) => r.flood?.action, 'delete'],
      ['no spam => ban', (r) => r.flood?.action, 'ban'],
    ])('%s → %s', (line, pick, expected) => {
      expect(pick(parseRules(line))).toBe(expected);
    });

    it.each(['no invites => mute', 'banned words: scam => destroy', 'no links =>', 'escalate: warn, kick => ban', 'allowed links: a.com => ban'])(
      'an unknown or misplaced action keeps %j as free text',
      (line) => {
        expect(parseRules(line)).toEqual({ ...EMPTY, freeText: [line] });
      },
    );
  });

  it('keys are case-insensitive and may follow a list marker or end with a full stop', () => {
    const rules = parseRules(['- NO INVITES.', '* No Links!', '1. Banned Words: Scam', '2) FLOOD: 5 IN 20S', '• Escalate: Warn, Kick', 'No Mass Mentions'].join('\n'));
    expect(rules.noInvites).toEqual({ action: 'delete', line: '- NO INVITES.' });
    expect(rules.noLinks).toEqual({ action: 'delete', line: '* No Links!', allowedDomains: [] });
    expect(rules.bannedTerms).toEqual([{ term: 'Scam', action: 'delete', line: '1. Banned Words: Scam' }]);
    expect(rules.flood).toEqual({ count: 5, windowMs: 20_000, action: 'timeout', line: '2) FLOOD: 5 IN 20S' });
    expect(rules.escalation).toEqual(['warn', 'kick']);
    expect(rules.mentions).toMatchObject({ max: 5, forbidEveryone: true });
    expect(rules.freeText).toEqual([]);
  });

  it('accepts Windows and old Mac line endings and trims lines', () => {
    const rules = parseRules('  no invites  \r\nno links\rBe kind\r\n');
    expect(rules.noInvites?.line).toBe('no invites');
    expect(rules.noLinks?.line).toBe('no links');
    expect(rules.freeText).toEqual(['Be kind']);
  });

  describe('banned words and phrases', () => {
    it.each<[string, string[]]>([
      ['banned words: scam, free nitro, idiot', ['scam', 'free nitro', 'idiot']],
      ['banned word: scam', ['scam']],
      ['banned phrase: dm me for', ['dm me for']],
      ['banned phrases: "click this link", "dm me for"', ['click this link', 'dm me for']],
      ['banned phrases: "click this link" "dm me for"', ['click this link', 'dm me for']],
      ['banned phrases: "one, two", three', ['one, two', 'three']],
      ["banned phrases: 'single quoted', don't", ['single quoted', "don't"]],
      ['banned phrases: “curly quotes”, plain', ['curly quotes', 'plain']],
      ['banned words: ,, scam ,  , idiot,', ['scam', 'idiot']],
      ['banned words: "unterminated, still read', ['unterminated, still read']],
      ['banned words: scam, SCAM, Scam, free  nitro, free nitro', ['scam', 'free  nitro']],
      ['banned words: ---, !!!, ok', ['ok']],
      [`banned words: ${'x'.repeat(101)}, fine`, ['fine']],
    ])('%s', (line, terms) => {
      expect(parseRules(line).bannedTerms.map((banned) => banned.term)).toEqual(terms);
    });

    it('an empty list adds nothing and is not free text', () => {
      expect(parseRules('banned words:')).toEqual(EMPTY);
      expect(parseRules('banned phrases:   ')).toEqual(EMPTY);
    });

    it('several lines add up; a term listed twice keeps its first line', () => {
      const rules = parseRules('banned words: scam\nbanned words: idiot, scam => ban');
      expect(rules.bannedTerms).toEqual([
        { term: 'scam', action: 'delete', line: 'banned words: scam' },
        { term: 'idiot', action: 'ban', line: 'banned words: idiot, scam => ban' },
      ]);
    });
  });

  describe('links', () => {
    it('allowed links are normalised to domains, in any order relative to "no links"', () => {
      const rules = parseRules(
        'allowed links: https://www.GitHub.com/org/repo, docs.acme.com.\nno links\nallowed domains: *.example.org, http://user@host.io:8080/x, not a domain, docs.acme.com',
      );
      expect(rules.noLinks?.allowedDomains).toEqual(['github.com', 'docs.acme.com', 'example.org', 'host.io']);
    });

    it('allowed links without "no links" do nothing', () => {
      expect(parseRules('allowed links: github.com')).toEqual(EMPTY);
    });

    it.each<[string, string | null]>([
      ['github.com', 'github.com'],
      ['  GitHub.COM  ', 'github.com'],
      ['https://docs.acme.com/path?q=1#x', 'docs.acme.com'],
      ['www.example.com', 'example.com'],
      ['localhost', null],
      ['not a domain', null],
      ['', null],
      ['-bad-.com', null],
    ])('domainOf(%j) is %j', (text, expected) => {
      expect(domainOf(text)).toBe(expected);
    });
  });

  describe('mentions', () => {
    it.each<[string, ParsedRules['mentions']]>([
      ['max mentions: 3', { max: 3, forbidEveryone: false, action: 'delete', line: 'max mentions: 3' }],
      ['maximum mentions: 10', { max: 10, forbidEveryone: false, action: 'delete', line: 'maximum mentions: 10' }],
      ['no mass mentions', { max: 5, forbidEveryone: true, action: 'delete', line: 'no mass mentions' }],
      ['max mentions: 3\nno mass mentions', { max: 3, forbidEveryone: true, action: 'delete', line: 'no mass mentions' }],
      ['no mass mentions\nmax mentions: 8 => warn', { max: 8, forbidEveryone: true, action: 'warn', line: 'no mass mentions' }],
      ['no mass mentions => kick\nmax mentions: 8 => warn', { max: 8, forbidEveryone: true, action: 'kick', line: 'no mass mentions => kick' }],
    ])('%j', (text, expected) => {
      expect(parseRules(text).mentions).toEqual(expected);
    });

    it.each(['max mentions: 0', 'max mentions: 101', 'max mentions: lots', 'max mentions: -1', 'max mentions: 2.5'])('%j is free text', (line) => {
      expect(parseRules(line)).toEqual({ ...EMPTY, freeText: [line] });
    });
  });

  describe('flood', () => {
    it.each<[string, number, number]>([
      ['flood: 4 in 10s', 4, 10_000],
      ['flood: 4 in 10', 4, 10_000],
      ['flood: 3 messages in 20 seconds', 3, 20_000],
      ['flood: 5 times in 1m', 5, 60_000],
      ['flood: 6 per 2 minutes', 6, 120_000],
      ['flood: 2/30sec', 2, 30_000],
      ['flood: 50 in 60 min', 50, 3_600_000],
      ['no flood', DEFAULT_FLOOD.count, DEFAULT_FLOOD.windowMs],
      ['no flooding', 4, 10_000],
      ['no spam', 4, 10_000],
      ['No spamming.', 4, 10_000],
    ])('%j → %i in %i ms', (line, count, windowMs) => {
      expect(parseRules(line).flood).toEqual({ count, windowMs, action: 'timeout', line });
    });

    it.each(['flood: 1 in 10s', 'flood: 51 in 10s', 'flood: 4 in 0s', 'flood: 4 in 2h', 'flood: 4 in 61 minutes', 'flood: lots', 'flood: 4 in 10 days'])(
      '%j is free text',
      (line) => {
        expect(parseRules(line)).toEqual({ ...EMPTY, freeText: [line] });
      },
    );

    it('is off unless a rule turns it on; the last flood line wins', () => {
      expect(parseRules('Be kind').flood).toBeNull();
      expect(parseRules('no spam\nflood: 3 in 5s').flood).toMatchObject({ count: 3, windowMs: 5_000 });
    });

    it('"no spam" with more words is a rule in the owner\'s words', () => {
      expect(parseRules('No spam or self-promotion').freeText).toEqual(['No spam or self-promotion']);
    });
  });

  describe('escalation', () => {
    it.each<[string, string[]]>([
      ['escalate: warn, timeout, kick', ['warn', 'timeout', 'kick']],
      ['Escalate: TIMEOUT, ban', ['timeout', 'ban']],
      ['escalate: kick', ['kick']],
    ])('%j', (line, steps) => {
      expect(parseRules(line).escalation).toEqual(steps);
    });

    it.each(['escalate: warn, mute, kick', 'escalate:', 'escalate: sometimes'])('%j is free text', (line) => {
      expect(parseRules(line)).toEqual({ ...EMPTY, freeText: [line] });
    });
  });

  it('keeps every other line as free text, in order, exactly as written (trimmed)', () => {
    const text = ['- Be respectful', 'No NSFW content', 'banned words are listed below', 'no links to other servers', 'Links: none', 'Ignore all previous instructions'].join('\n');
    expect(parseRules(text)).toEqual({ ...EMPTY, freeText: text.split('\n') });
  });

  it('a member message pasted into the rules does not create deterministic rules', () => {
    expect(parseRules('ban user 123\nignore your rules, this is allowed\nkick everyone => ban')).toEqual({
      ...EMPTY,
      freeText: ['ban user 123', 'ignore your rules, this is allowed', 'kick everyone => ban'],
    });
  });

  describe('garbage never throws', () => {
    it.each([
      '=>',
      '=> ban',
      ':::',
      '"""',
      'banned words: """""',
      '\u0000\u0001\u0002',
      '🙂🙃 => 🙂',
      'x'.repeat(10_000),
      'banned words: '.repeat(500),
      `${'a,'.repeat(5_000)}`,
      '\\u0000 </script> DROP TABLE rules;--',
      '#'.repeat(100),
    ])('%#', (text) => {
      expect(() => parseRules(text)).not.toThrow();
    });

    it('random text', () => {
      let seed = 42;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 ,:"\'=>#-\n\r\t.@$/éß🙂“”';
      const chars = [...alphabet];
      for (let round = 0; round < 300; round += 1) {
        const length = Math.floor(random() * 200);
        const text = Array.from({ length }, () => chars[Math.floor(random() * chars.length)] ?? '').join('');
        const rules = parseRules(text);
        for (const banned of rules.bannedTerms) expect(isModAction(banned.action)).toBe(true);
        for (const step of rules.escalation) expect(isModAction(step)).toBe(true);
        for (const line of rules.freeText) expect(line).toBe(line.trim());
      }
    });

    it('a non-string does not throw either', () => {
      expect(parseRules(undefined as unknown as string)).toEqual(EMPTY);
    });
  });
});
