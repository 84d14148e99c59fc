// POST .../knowledge/sources refuses what is not a web source with a 400 naming the field, a second source for
// the same URL and one past the guild's cap with 409; agent tokens get 403; unknown sources 404.

import { describe, expect, it } from 'vitest';
import { MAX_SOURCES_PER_GUILD } from '../../../src/sources/limits';
import { api, createGuild, mintGuildToken } from '../support';
import { addSource, createSite, setPage, synced, type SourceJson } from './support';

async function errorOf(response: Response): Promise<{ status: number; error: string; field?: string }> {
  const body = await response.json<{ error: string; field?: string }>();
  return { status: response.status, ...body };
}

describe('adding a web source', () => {
  it('refuses a URL that is not http(s), naming url', async () => {
    const guild = await createGuild('Source Bad URL Guild');
    for (const url of ['ftp://example.com/file', 'javascript:alert(1)', 'file:///etc/passwd', '/docs/relative', 'not a url', 'https://user:secret@example.com/', '', 42]) {
      const refused = await errorOf(await addSource(guild.id, { url, kind: 'page' }));
      expect(refused, String(url)).toMatchObject({ status: 400, field: 'url' });
    }
    const list = await (await api(`/api/guilds/${guild.id}/knowledge/sources`)).json<{ sources: unknown[] }>();
    expect(list.sources).toEqual([]);
  });

  it('refuses a missing or unknown kind and a refreshHours that is not a whole number of hours in range', async () => {
    const guild = await createGuild('Source Bad Fields Guild');
    expect(await errorOf(await addSource(guild.id, { url: 'https://example.com/' }))).toMatchObject({ status: 400, field: 'kind' });
    expect(await errorOf(await addSource(guild.id, { url: 'https://example.com/', kind: 'rss' }))).toMatchObject({ status: 400, field: 'kind' });
    for (const refreshHours of [0, 1.5, '24', 721, -1]) {
      expect(await errorOf(await addSource(guild.id, { url: 'https://example.com/', kind: 'page', refreshHours })), String(refreshHours)).toMatchObject({
        status: 400,
        field: 'refreshHours',
      });
    }
    expect(await errorOf(await addSource(guild.id, ['https://example.com/']))).toMatchObject({ status: 400, field: 'body' });
  });

  it('refuses the same URL twice and more than the cap of sources', async () => {
    const site = await createSite();
    await setPage(site, '/robots.txt', { status: 404, body: '' });
    const guild = await createGuild('Source Cap Guild');
    const first = await addSource(guild.id, { url: `${site.url}/p0`, kind: 'page', refreshHours: 1 });
    expect(first.status).toBe(201);
    // The fragment is not part of the page: the same URL.
    expect(await errorOf(await addSource(guild.id, { url: `${site.url}/p0#top`, kind: 'page' }))).toMatchObject({ status: 409, field: 'url' });
    for (let i = 1; i < MAX_SOURCES_PER_GUILD; i++) expect((await addSource(guild.id, { url: `${site.url}/p${i}`, kind: 'page' })).status).toBe(201);
    const over = await errorOf(await addSource(guild.id, { url: `${site.url}/one-more`, kind: 'page' }));
    expect(over.status).toBe(409);
    expect(over.error).toContain(`at most ${MAX_SOURCES_PER_GUILD}`);
    await synced(guild.id, (await first.json<SourceJson>()).id);
  });

  it('is for admins only: an agent token gets 403 on every sources route', async () => {
    const guild = await createGuild('Source Agent Guild');
    const agent = await mintGuildToken(guild.id, 'agent');
    const base = `/api/guilds/${guild.id}/knowledge/sources`;
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await api(base, { token: agent })).status).toBe(403);
    expect((await api(base, { token: agent, body: { url: 'https://example.com/', kind: 'page' } })).status).toBe(403);
    expect((await api(`${base}/${id}`, { token: agent, method: 'DELETE' })).status).toBe(403);
    expect((await api(`${base}/${id}/sync`, { token: agent, method: 'POST' })).status).toBe(403);
    expect((await api(base, { token: null })).status).toBe(401);
  });

  it('answers 404 for a source that does not exist (or an id that cannot be one)', async () => {
    const guild = await createGuild('Source Missing Guild');
    const base = `/api/guilds/${guild.id}/knowledge/sources`;
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', '1']) {
      expect((await api(`${base}/${id}`)).status).toBe(404);
      expect((await api(`${base}/${id}`, { method: 'DELETE' })).status).toBe(404);
      expect((await api(`${base}/${id}/sync`, { method: 'POST' })).status).toBe(404);
    }
    expect((await api(base, { method: 'PUT', body: {} })).status).toBe(405);
  });

  it("never shows or touches another guild's sources", async () => {
    const site = await createSite();
    await setPage(site, '/page', { body: '<p>Owned by guild A.</p>' });
    const a = await createGuild('Source Isolation A');
    const b = await createGuild('Source Isolation B');
    const added = await (await addSource(a.id, { url: `${site.url}/page`, kind: 'page' })).json<SourceJson>();
    await synced(a.id, added.id);
    expect((await (await api(`/api/guilds/${b.id}/knowledge/sources`)).json<{ sources: unknown[] }>()).sources).toEqual([]);
    expect((await api(`/api/guilds/${b.id}/knowledge/sources/${added.id}`)).status).toBe(404);
    expect((await api(`/api/guilds/${b.id}/knowledge/sources/${added.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(`/api/guilds/${b.id}/knowledge/sources/${added.id}/sync`, { method: 'POST' })).status).toBe(404);
    const bAdmin = await mintGuildToken(b.id, 'admin');
    expect((await api(`/api/guilds/${a.id}/knowledge/sources`, { token: bAdmin })).status).toBe(403);
    expect((await api(`/api/guilds/${a.id}/knowledge/sources/${added.id}`)).status).toBe(200);
  });
});
