// "Sign in with Discord" (contract §7) through the simulator's OAuth2: the redirect, the state bound to the
// browser, the session cookie, and GET /api/me.

import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuild, simGuildOwnerId, startGatewayAndWait, TEST_BOT, waitFor, type SimGuildInfo } from '../support';
import { approveAs, asUser, cookiesOf, ORIGIN, signInAs, startLogin } from './support';

let guild: SimGuildInfo;
let ownerId: string;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Sign-in Guild');
  ownerId = await simGuildOwnerId(guild.id);
});

describe('sign in with Discord', () => {
  it('redirects to the authorize page with the contract parameters and a state cookie', async () => {
    const response = await SELF.fetch(`${ORIGIN}/auth/login`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location')!);
    expect(target.pathname).toBe('/oauth2/authorize');
    expect(target.searchParams.get('client_id')).toBe(TEST_BOT.applicationId);
    expect(target.searchParams.get('response_type')).toBe('code');
    expect(target.searchParams.get('scope')).toBe('identify guilds');
    expect(target.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/auth/callback`);
    const state = target.searchParams.get('state');
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('herald_oauth_state='))!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookiesOf(response).herald_oauth_state!.startsWith(`${state}.`)).toBe(true);
  });

  it('refuses a callback whose state is missing or not this browser’s, with 400 and no session', async () => {
    const { authorizeUrl, stateCookie } = await startLogin();
    const callback = await approveAs(authorizeUrl, ownerId);
    const other = await startLogin();
    const attempts: [string, Record<string, string>][] = [
      ['no state cookie', {}],
      ['another browser’s state cookie', { cookie: `herald_oauth_state=${other.stateCookie}` }],
      ['a tampered cookie', { cookie: `herald_oauth_state=${stateCookie.slice(0, -2)}xx` }],
    ];
    for (const [label, headers] of attempts) {
      const response = await SELF.fetch(callback.toString(), { redirect: 'manual', headers });
      expect(response.status, label).toBe(400);
      expect(await response.json(), label).toMatchObject({ field: 'state' });
      expect(cookiesOf(response).herald_session, label).toBeUndefined();
    }
    const noState = new URL(callback);
    noState.searchParams.delete('state');
    const response = await SELF.fetch(noState.toString(), { redirect: 'manual', headers: { cookie: `herald_oauth_state=${stateCookie}` } });
    expect(response.status).toBe(400);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie with an expiry and redirects to the dashboard', async () => {
    const { authorizeUrl, stateCookie } = await startLogin();
    const callback = await approveAs(authorizeUrl, ownerId);
    const response = await SELF.fetch(callback.toString(), { redirect: 'manual', headers: { cookie: `herald_oauth_state=${stateCookie}` } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    const line = response.headers.getSetCookie().find((l) => l.startsWith('herald_session='))!;
    expect(line).toContain('HttpOnly');
    expect(line).toContain('SameSite=Lax');
    expect(line).toMatch(/Max-Age=\d+/);
    // Plain http here; on https the cookie is Secure.
    expect(line).not.toContain('Secure');
  });

  it('a code works once', async () => {
    const { authorizeUrl, stateCookie } = await startLogin();
    const callback = await approveAs(authorizeUrl, ownerId);
    const headers = { cookie: `herald_oauth_state=${stateCookie}` };
    expect((await SELF.fetch(callback.toString(), { redirect: 'manual', headers })).status).toBe(302);
    const again = await SELF.fetch(callback.toString(), { redirect: 'manual', headers });
    expect(again.status).toBe(400);
    expect(cookiesOf(again).herald_session).toBeUndefined();
  });

  it('GET /api/me lists the owner’s guild as admin, installed', async () => {
    const session = await signInAs(ownerId);
    const me = await waitFor(async () => {
      const body = await (await asUser(session, '/api/me')).json<{ user: { id: string }; guilds: { id: string; role: string; installed: boolean; name: string }[] }>();
      return body.guilds.some((g) => g.id === guild.id && g.installed) ? body : null;
    }, 'the guild to show as installed');
    expect(me.user.id).toBe(ownerId);
    expect(me.guilds.find((g) => g.id === guild.id)).toEqual({ id: guild.id, name: 'Sign-in Guild', role: 'admin', installed: true });
  });

  it('a forged or tampered session cookie is refused', async () => {
    const session = await signInAs(ownerId);
    // A character in the middle of the signature (every bit of it counts), and the last one (spare bits too).
    const middle = session.length - 20;
    const tampered = session.slice(0, middle) + (session[middle] === 'A' ? 'B' : 'A') + session.slice(middle + 1);
    const lastFlipped = session.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const value of [tampered, lastFlipped, `v1.${ownerId}.${'0'.repeat(32)}.9999999999.${'A'.repeat(43)}`, 'garbage']) {
      expect((await asUser(value, '/api/me')).status).toBe(401);
    }
  });
});
