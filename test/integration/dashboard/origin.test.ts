// Cookie-authenticated changes need the worker's own Origin (contract §3, §7); reads do not.

import { beforeAll, describe, expect, it } from 'vitest';
import { api, createGuild, simGuildOwnerId, type SimGuildInfo } from '../support';
import { asUser, signInAs } from './support';

let guild: SimGuildInfo;
let session: string;

beforeAll(async () => {
  guild = await createGuild('Origin Guild');
  session = await signInAs(await simGuildOwnerId(guild.id));
});

describe('Origin check for cookie sessions', () => {
  it('reads without an Origin', async () => {
    expect((await asUser(session, `/api/guilds/${guild.id}/settings`, { origin: null })).status).toBe(200);
  });

  it.each([
    ['no Origin', null],
    ['another site', 'https://evil.example'],
    ['a look-alike', 'http://herald.test.evil.example'],
  ])('refuses a change with %s (403) and changes nothing', async (_label, origin) => {
    const response = await asUser(session, `/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { responseMode: 'all' }, origin });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: expect.any(String) });
    expect((await (await api(`/api/guilds/${guild.id}/settings`)).json<{ responseMode: string }>()).responseMode).toBe('mention');
  });

  it('accepts a change from the dashboard’s own origin', async () => {
    const response = await asUser(session, `/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { responseMode: 'all' } });
    expect(response.status).toBe(200);
    expect((await response.json<{ responseMode: string }>()).responseMode).toBe('all');
  });
});
