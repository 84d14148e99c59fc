// robots.txt (RFC 9309): Herald's own group else "*", longest match wins, allow on a tie, wildcards.

import { describe, expect, it } from 'vitest';
import { parseRobots, patternMatches, robotsAllow } from '../../src/sources/robots';

const allow = (robots: string, path: string) => robotsAllow(parseRobots(robots), new URL(`https://example.com${path}`));

describe('robots.txt', () => {
  it('allows everything when empty or when no group applies', () => {
    expect(allow('', '/anything')).toBe(true);
    expect(allow('User-agent: OtherBot\nDisallow: /\n', '/anything')).toBe(true);
  });

  it('applies the * group', () => {
    const robots = 'User-agent: *\nDisallow: /private/\nDisallow: /tmp\n';
    expect(allow(robots, '/private/page')).toBe(false);
    expect(allow(robots, '/tmp-files/x')).toBe(false);
    expect(allow(robots, '/public')).toBe(true);
  });

  it("prefers Herald's own group (any case, with a version) over *", () => {
    const robots = 'User-agent: *\nDisallow: /\n\nUser-agent: HERALD/2.0\nDisallow: /drafts\n';
    expect(allow(robots, '/docs')).toBe(true);
    expect(allow(robots, '/drafts/x')).toBe(false);
  });

  it('merges user-agent lines of one group and starts a new group after rules', () => {
    const robots = 'User-agent: foo\nUser-agent: herald\nDisallow: /a\nUser-agent: *\nDisallow: /b\n';
    expect(allow(robots, '/a')).toBe(false);
    expect(allow(robots, '/b')).toBe(true);
  });

  it('lets the longest match win, and allow win a tie', () => {
    expect(allow('User-agent: *\nDisallow: /docs\nAllow: /docs/public\n', '/docs/public/x')).toBe(true);
    expect(allow('User-agent: *\nAllow: /docs\nDisallow: /docs/secret\n', '/docs/secret')).toBe(false);
    expect(allow('User-agent: *\nDisallow: /same\nAllow: /same\n', '/same')).toBe(true);
  });

  it('ignores comments, empty disallows and unknown lines; always allows /robots.txt', () => {
    const robots = '# hello\nUser-agent: * # everyone\nDisallow:\nCrawl-delay: 10\nSitemap: https://example.com/s.xml\n';
    expect(allow(robots, '/x')).toBe(true);
    expect(allow('User-agent: *\nDisallow: /\n', '/robots.txt')).toBe(true);
    expect(allow('User-agent: *\r\nDisallow: /\r\n', '/x')).toBe(false);
  });

  it('matches * anywhere and $ at the end, and the query string', () => {
    expect(patternMatches('/*.pdf$', '/files/a.pdf')).toBe(true);
    expect(patternMatches('/*.pdf$', '/files/a.pdf?x=1')).toBe(false);
    expect(patternMatches('/*.pdf', '/files/a.pdf?x=1')).toBe(true);
    expect(patternMatches('/a*b*c', '/a-x-b-y-c-z')).toBe(true);
    expect(patternMatches('/a*b*c', '/a-x-c-y-b')).toBe(false);
    expect(patternMatches('/exact$', '/exact')).toBe(true);
    expect(patternMatches('/exact$', '/exact/more')).toBe(false);
    expect(patternMatches('/ab*ba$', '/aba')).toBe(false);
    expect(patternMatches('/%7euser', '/%7Euser/page')).toBe(true);
    expect(allow('User-agent: *\nDisallow: /*?session=\n', '/page?session=1')).toBe(false);
  });

  // Backtracking glob matching takes far longer than the timeout on this; leftmost indexOf does not.
  it('stays fast on a hostile file', { timeout: 20_000 }, () => {
    const hostile = `User-agent: *\n${'Disallow: /*a*a*a*a*a*a*a*a*a*a*b\n'.repeat(2_000)}`;
    expect(allow(hostile, `/${'a'.repeat(2_000)}`)).toBe(true);
  });
});
