// GET /api/install: the OAuth2 install link, asking only for what the guild's enabled features need.

import { SELF } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { createGuild, patchSettings, TEST_ADMIN_TOKEN, TEST_BOT } from '../support';

const KICK_MEMBERS = 1n << 1n;
const BAN_MEMBERS = 1n << 2n;
const MANAGE_MESSAGES = 1n << 13n;
const MODERATE_MEMBERS = 1n << 40n;
const SEND_MESSAGES = 1n << 11n;

function install(query = '', token: string | null = TEST_ADMIN_TOKEN): Promise<Response> {
  return SELF.fetch(`http://herald.test/api/install${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    redirect: 'manual',
  });
}

function authorizeUrl(response: Response): URL {
  expect(response.status).toBe(302);
  const location = response.headers.get('location');
  expect(location).toBeTruthy();
  const url = new URL(location!);
  // DISCORD_OAUTH_URL: the test worker points it at the simulator's authorize page.
  expect(`${url.origin}${url.pathname}`).toBe(`${inject('simulatorUrl')}/oauth2/authorize`);
  return url;
}

describe('GET /api/install', () => {
  it('redirects to Discord with the shared application, bot + applications.commands scopes and permissions', async () => {
    const url = authorizeUrl(await install());
    expect(url.searchParams.get('client_id')).toBe(TEST_BOT.applicationId);
    const scopes = (url.searchParams.get('scope') ?? '').split(/[ +]/);
    expect(scopes).toEqual(expect.arrayContaining(['bot', 'applications.commands']));
    const permissions = url.searchParams.get('permissions');
    expect(permissions).toMatch(/^\d+$/);
    const bits = BigInt(permissions!);
    expect(bits & SEND_MESSAGES).toBe(SEND_MESSAGES);
    // Without a guild: everything Herald can do, moderation included.
    expect(bits & KICK_MEMBERS).toBe(KICK_MEMBERS);
    expect(bits & BAN_MEMBERS).toBe(BAN_MEMBERS);
  });

  it("asks for a guild's enabled moderation actions only (ban on, kick off)", async () => {
    const guild = await createGuild('Install Ban Only Guild');
    await patchSettings(guild.id, {
      moderation: { enabled: true, actions: { delete: false, warn: false, timeout: false, kick: false, ban: true } },
    });
    const url = authorizeUrl(await install(`?guildId=${guild.id}`));
    expect(url.searchParams.get('client_id')).toBe(TEST_BOT.applicationId);
    expect(url.searchParams.get('guild_id')).toBe(guild.id);
    const bits = BigInt(url.searchParams.get('permissions') ?? 'x');
    expect(bits & BAN_MEMBERS).toBe(BAN_MEMBERS);
    expect(bits & KICK_MEMBERS).toBe(0n);
    expect(bits & MANAGE_MESSAGES).toBe(0n);
    expect(bits & MODERATE_MEMBERS).toBe(0n);
    expect(bits & SEND_MESSAGES).toBe(SEND_MESSAGES);
  });

  it('answers 401 without the bearer token', async () => {
    const response = await install('', null);
    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
    await response.body?.cancel();
  });
});
