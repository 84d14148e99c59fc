// A page that cannot be imported is reported on its source (status, lastError, pageErrors) and never stops the
// others: a 404, a page too large, a type that is not HTML or text, a redirect loop or one to another scheme;
// a redirect is followed; robots.txt that cannot be read stops the sync without touching what was imported.

import { describe, expect, it } from 'vitest';
import { MAX_PAGE_BYTES, MAX_REDIRECTS } from '../../../src/sources/limits';
import { createGuild } from '../support';
import { addSource, createSite, documents, documentText, setPage, siteRequests, sitemap, synced, type SourceJson } from './support';

describe('a page that fails', () => {
  it('a page source answering 404 is reported cleanly, with no document', async () => {
    const site = await createSite();
    const guild = await createGuild('Source 404 Guild');
    const added = await (await addSource(guild.id, { url: `${site.url}/missing`, kind: 'page' })).json<SourceJson>();
    const status = await synced(guild.id, added.id);
    expect(status).toMatchObject({ status: 'error', pages: 0, lastError: 'HTTP 404 Not Found', pageErrorCount: 1 });
    expect(status.pageErrors).toEqual([{ url: `${site.url}/missing`, error: 'HTTP 404 Not Found' }]);
    expect(await documents(guild.id)).toEqual([]);
  });

  it('each failing page of a sitemap is reported while the good ones are imported', async () => {
    const site = await createSite();
    const pages = ['/good', '/gone', '/huge', '/pdf', '/loop', '/to-ftp', '/moved'];
    await setPage(site, '/sitemap.xml', { contentType: 'text/xml', body: sitemap(pages.map((path) => `${site.url}${path}`)) });
    await setPage(site, '/good', { body: '<html><head><title>Good page</title></head><body><p>Opening hours are 9 to 5.</p></body></html>' });
    await setPage(site, '/huge', { body: `<p>${'x'.repeat(MAX_PAGE_BYTES)}</p>` });
    await setPage(site, '/pdf', { contentType: 'application/pdf', body: '%PDF-1.7' });
    await setPage(site, '/loop', { status: 302, location: '/loop' });
    await setPage(site, '/to-ftp', { status: 301, location: 'ftp://example.com/file' });
    await setPage(site, '/moved', { status: 301, location: '/new-home' });
    await setPage(site, '/new-home', { contentType: 'text/markdown', body: '# Moved page\n\nThe office moved to Berlin.' });
    const guild = await createGuild('Source Page Errors Guild');
    const added = await (await addSource(guild.id, { url: `${site.url}/sitemap.xml`, kind: 'sitemap' })).json<SourceJson>();
    const status = await synced(guild.id, added.id);

    expect(status.status).toBe('partial');
    expect(status.pages).toBe(2);
    const errors = Object.fromEntries(status.pageErrors.map((e) => [e.url.slice(site.url.length), e.error]));
    expect(errors).toEqual({
      '/gone': 'HTTP 404 Not Found',
      '/huge': `larger than ${MAX_PAGE_BYTES} bytes`,
      '/pdf': 'unsupported content type application/pdf (HTML, text or Markdown only)',
      '/loop': `more than ${MAX_REDIRECTS} redirects`,
      '/to-ftp': 'redirected to a URL that is not http(s)',
    });
    expect(status.lastError).toContain('5 of 7 pages failed');

    const docs = await documents(guild.id);
    // A redirected page is cited at the address it lives at now; a Markdown page is titled by its heading.
    expect(docs.map((doc) => [doc.title, doc.url]).sort()).toEqual([
      ['Good page', `${site.url}/good`],
      ['Moved page', `${site.url}/new-home`],
    ]);
    expect(await documentText(guild.id, docs.find((d) => d.title === 'Moved page')!.id)).toContain('The office moved to Berlin.');
    expect((await siteRequests(site)).filter((r) => r.path === '/loop').length).toBe(MAX_REDIRECTS + 1);
  });

  it('robots.txt that cannot be read (5xx) fetches nothing and says why', async () => {
    const site = await createSite();
    await setPage(site, '/robots.txt', { status: 503, body: 'down' });
    await setPage(site, '/page', { body: '<p>Never fetched.</p>' });
    const guild = await createGuild('Source Robots Down Guild');
    const added = await (await addSource(guild.id, { url: `${site.url}/page`, kind: 'page' })).json<SourceJson>();
    const status = await synced(guild.id, added.id);
    expect(status.status).toBe('error');
    expect(status.lastError).toBe('robots.txt could not be read (HTTP 503 Service Unavailable); nothing was fetched');
    expect((await siteRequests(site)).map((r) => r.path)).toEqual(['/robots.txt']);
    // Tried again before the refresh is due.
    expect(Date.parse(status.nextSyncAt!) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });

  it('robots.txt with a group for Herald applies that group instead of *', async () => {
    const site = await createSite();
    await setPage(site, '/robots.txt', { contentType: 'text/plain', body: 'User-agent: *\nDisallow: /\n\nUser-agent: Herald\nAllow: /\nDisallow: /drafts\n' });
    await setPage(site, '/page', { body: '<h1>Welcome</h1><p>Allowed for Herald.</p>' });
    const guild = await createGuild('Source Robots Herald Guild');
    const added = await (await addSource(guild.id, { url: `${site.url}/page`, kind: 'page' })).json<SourceJson>();
    expect(await synced(guild.id, added.id)).toMatchObject({ status: 'ok', pages: 1 });
    expect((await documents(guild.id)).map((d) => d.title)).toEqual(['Welcome']);
  });
});
