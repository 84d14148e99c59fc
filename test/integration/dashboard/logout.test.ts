// POST /auth/logout ends the session on the server: the same cookie, sent again, no longer works (contract §7).

import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuild, simGuildOwnerId, type SimGuildInfo } from '../support';
import { asUser, ORIGIN, signInAs } from './support';

let guild: SimGuildInfo;

beforeAll(async () => {
  guild = await createGuild('Logout Guild');
});

describe('sign out', () => {
  it('ends the session for good', async () => {
    const session = await signInAs(await simGuildOwnerId(guild.id));
    expect((await asUser(session, '/api/me')).status).toBe(200);
    const out = await SELF.fetch(`${ORIGIN}/auth/logout`, { method: 'POST', headers: { cookie: `herald_session=${session}`, origin: ORIGIN } });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((line) => line.startsWith('herald_session=;') && line.includes('Max-Age=0'))).toBe(true);
    expect((await asUser(session, '/api/me')).status).toBe(401);
    expect((await asUser(session, `/api/guilds/${guild.id}/settings`)).status).toBe(401);
  });

  it('ends the session without an Origin header too (a sign-out from curl)', async () => {
    const session = await signInAs(await simGuildOwnerId(guild.id));
    const out = await SELF.fetch(`${ORIGIN}/auth/logout`, { method: 'POST', headers: { cookie: `herald_session=${session}` } });
    expect(out.status).toBe(200);
    expect((await asUser(session, '/api/me')).status).toBe(401);
  });

  it('refuses a sign-out from another site', async () => {
    const session = await signInAs(await simGuildOwnerId(guild.id));
    const out = await SELF.fetch(`${ORIGIN}/auth/logout`, { method: 'POST', headers: { cookie: `herald_session=${session}`, origin: 'https://evil.example' } });
    expect(out.status).toBe(403);
    expect((await asUser(session, '/api/me')).status).toBe(200);
  });
});
