import { describe, expect, it } from 'vitest';
import { authenticateOperator, bearerToken, constantTimeEqual } from '../../src/api/auth';

const ADMIN = 'admin-token-0123456789';

function request(authorization?: string): Request {
  const headers = new Headers();
  if (authorization !== undefined) headers.set('authorization', authorization);
  return new Request('https://herald.test/api/guilds/123456789012345678/settings', { headers });
}

describe('bearerToken', () => {
  it.each<[string, string | undefined, string | null]>([
    ['standard', `Bearer ${ADMIN}`, ADMIN],
    ['lower-case scheme', `bearer ${ADMIN}`, ADMIN],
    ['upper-case scheme', `BEARER ${ADMIN}`, ADMIN],
    ['mixed-case scheme', `BeArEr ${ADMIN}`, ADMIN],
    ['several spaces', `Bearer    ${ADMIN}`, ADMIN],
    ['tab separator', `Bearer\t${ADMIN}`, ADMIN],
    ['trailing whitespace', `Bearer ${ADMIN}   `, ADMIN],
    ['token with symbols', 'Bearer a.b-c_d~e+f/g=', 'a.b-c_d~e+f/g='],
    ['missing header', undefined, null],
    ['empty header', '', null],
    ['scheme only', 'Bearer', null],
    ['scheme and space only', 'Bearer   ', null],
    ['no space after scheme', `Bearer${ADMIN}`, null],
    ['other scheme', `Basic ${btoa('user:pass')}`, null],
    ['token scheme', `Token ${ADMIN}`, null],
    ['bare token', ADMIN, null],
    ['two tokens', `Bearer ${ADMIN} extra`, null],
    ['scheme not at start', `X Bearer ${ADMIN}`, null],
  ])('%s', (_name, header, expected) => {
    expect(bearerToken(request(header))).toBe(expected);
  });
});

describe('constantTimeEqual', () => {
  it.each<[string, string, boolean]>([
    ['abc', 'abc', true],
    [ADMIN, ADMIN, true],
    ['', '', true],
    ['héllo ✓', 'héllo ✓', true],
    ['abc', 'abd', false],
    ['abc', 'xbc', false],
    ['abc', 'ABC', false],
    ['abc', 'abcd', false],
    ['abcd', 'abc', false],
    ['abc', '', false],
    ['', 'abc', false],
    ['a', 'a\u0000', false],
    ['é', 'e\u0301', false],
    ['x'.repeat(300), 'x'.repeat(44), false],
    ['x'.repeat(256), 'x'.repeat(512), false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
    expect(constantTimeEqual(b, a)).toBe(expected);
  });
});

describe('authenticateOperator', () => {
  it.each([
    ['the right token', `Bearer ${ADMIN}`],
    ['the right token, lower-case scheme', `bearer ${ADMIN}`],
  ])('accepts %s', (_name, header) => {
    expect(authenticateOperator(request(header), ADMIN)).toEqual({ kind: 'operator' });
  });

  it.each<[string, string | undefined]>([
    ['no header', undefined],
    ['a wrong token', 'Bearer wrong-token'],
    ['a prefix of the token', `Bearer ${ADMIN.slice(0, -1)}`],
    ['the token plus a character', `Bearer ${ADMIN}x`],
    ['the token in another case', `Bearer ${ADMIN.toUpperCase()}`],
    ['the token without the scheme', ADMIN],
    ['another scheme', `Basic ${ADMIN}`],
  ])('rejects %s', (_name, header) => {
    expect(authenticateOperator(request(header), ADMIN)).toBeNull();
  });

  it.each<[string, string | undefined]>([
    ['no header', undefined],
    ['any bearer token', 'Bearer anything'],
    ['the string "null"', 'Bearer null'],
    ['the admin token of another deployment', `Bearer ${ADMIN}`],
  ])('with no admin token configured, rejects %s', (_name, header) => {
    expect(authenticateOperator(request(header), null)).toBeNull();
  });

  it('with an empty admin token configured, rejects everything', () => {
    expect(authenticateOperator(request('Bearer anything'), '')).toBeNull();
    expect(authenticateOperator(request('Bearer '), '')).toBeNull();
    expect(authenticateOperator(request(), '')).toBeNull();
  });
});
