import { describe, expect, it } from 'vitest';
import {
  changesState,
  decodeSessionCookie,
  encodeSessionCookie,
  encodeStateCookie,
  isGuildAdmin,
  sameOrigin,
  STATE_TTL_MS,
  stateMatches,
} from '../../src/dashboard/session';

const SECRET = 'unit-test-secret';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SESSION = { userId: '200000000000000001', sessionId: 'ab'.repeat(16), expiresAt: Date.UTC(2030, 0, 1) };
const NOW = Date.UTC(2029, 0, 1);

describe('session cookie', () => {
  it('round-trips', async () => {
    const value = await encodeSessionCookie(SECRET, SESSION);
    expect(await decodeSessionCookie(SECRET, value, NOW)).toEqual(SESSION);
  });

  it('refuses an expired cookie', async () => {
    const value = await encodeSessionCookie(SECRET, SESSION);
    expect(await decodeSessionCookie(SECRET, value, SESSION.expiresAt + 1)).toBeNull();
  });

  it('refuses a cookie signed with another secret', async () => {
    const value = await encodeSessionCookie('another-secret', SESSION);
    expect(await decodeSessionCookie(SECRET, value, NOW)).toBeNull();
  });

  it('refuses a tampered user, session, expiry or signature', async () => {
    const value = await encodeSessionCookie(SECRET, SESSION);
    const [v, user, sid, exp, mac] = value.split('.');
    const variants = [
      [v, '200000000000000002', sid, exp, mac],
      [v, user, 'cd'.repeat(16), exp, mac],
      [v, user, sid, String(Number(exp) + 3600), mac],
      [v, user, sid, exp, mac!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))],
      // The last character carries two spare bits: a different spelling of the same bytes is refused too.
      [v, user, sid, exp, mac!.replace(/.$/, (c) => BASE64URL[BASE64URL.indexOf(c) ^ 1]!)],
    ];
    for (const parts of variants) expect(await decodeSessionCookie(SECRET, parts.join('.'), NOW)).toBeNull();
    for (const junk of ['', 'v1', 'v1....', `${value}.extra`, value.toUpperCase()]) expect(await decodeSessionCookie(SECRET, junk, NOW)).toBeNull();
  });
});

describe('sign-in state', () => {
  const STATE = '0123456789abcdef0123456789abcdef';

  it('matches the state in this browser’s cookie', async () => {
    const cookie = await encodeStateCookie(SECRET, STATE, NOW);
    expect(await stateMatches(SECRET, cookie, STATE, NOW + 1000)).toBe(true);
  });

  it('refuses a missing cookie, a missing state, another state, an expired or forged cookie', async () => {
    const cookie = await encodeStateCookie(SECRET, STATE, NOW);
    expect(await stateMatches(SECRET, null, STATE, NOW)).toBe(false);
    expect(await stateMatches(SECRET, cookie, null, NOW)).toBe(false);
    expect(await stateMatches(SECRET, cookie, 'f'.repeat(32), NOW)).toBe(false);
    expect(await stateMatches(SECRET, cookie, STATE, NOW + STATE_TTL_MS + 1000)).toBe(false);
    expect(await stateMatches(SECRET, await encodeStateCookie('other', STATE, NOW), STATE, NOW)).toBe(false);
  });
});

describe('Origin rule', () => {
  const at = (method: string, headers: Record<string, string> = {}) => new Request('https://herald.example/api/guilds/1/settings', { method, headers });

  it('only reads are free of it', () => {
    expect(changesState(at('GET'))).toBe(false);
    expect(changesState(at('HEAD'))).toBe(false);
    for (const method of ['POST', 'PATCH', 'DELETE', 'PUT']) expect(changesState(at(method))).toBe(true);
    expect(changesState(at('GET', { upgrade: 'websocket' }))).toBe(true);
  });

  it('accepts only the worker’s exact origin', () => {
    expect(sameOrigin(at('POST', { origin: 'https://herald.example' }))).toBe(true);
    for (const origin of ['http://herald.example', 'https://herald.example.evil.com', 'https://evil.com', 'null']) {
      expect(sameOrigin(at('POST', { origin }))).toBe(false);
    }
    expect(sameOrigin(at('POST'))).toBe(false);
  });
});

describe('guild admin', () => {
  it('owner, Administrator or Manage Server', () => {
    expect(isGuildAdmin({ id: '1', name: 'g', owner: true, permissions: '0' })).toBe(true);
    expect(isGuildAdmin({ id: '1', name: 'g', owner: false, permissions: String(1n << 3n) })).toBe(true);
    expect(isGuildAdmin({ id: '1', name: 'g', owner: false, permissions: String(1n << 5n) })).toBe(true);
    expect(isGuildAdmin({ id: '1', name: 'g', owner: false, permissions: String((1n << 13n) | (1n << 1n)) })).toBe(false);
    expect(isGuildAdmin({ id: '1', name: 'g', owner: false, permissions: 'junk' })).toBe(false);
  });
});
