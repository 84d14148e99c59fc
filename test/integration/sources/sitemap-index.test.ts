// A sitemap index is followed one level (its child sitemaps, gzipped ones too); a sitemap that suddenly lists
// nothing keeps the pages imported before (more likely broken than emptied) and says so.

import { describe, expect, it } from 'vitest';
import { createGuild } from '../support';
import { addSource, createSite, documents, fireSourceTimer, getSource, setPage, sitemap, synced, type SourceJson } from './support';

async function gzipBase64(text: string): Promise<string> {
  const bytes = new Uint8Array(await new Response(new Response(text).body!.pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

describe('a sitemap index', () => {
  it('imports the pages of its child sitemaps, skipping other sites', async () => {
    const site = await createSite();
    await setPage(site, '/sitemap_index.xml', {
      contentType: 'application/xml',
      body: `<sitemapindex><sitemap><loc>${site.url}/a.xml.gz</loc></sitemap><sitemap><loc>${site.url}/b.xml</loc></sitemap><sitemap><loc>https://other.example/c.xml</loc></sitemap></sitemapindex>`,
    });
    await setPage(site, '/a.xml.gz', { contentType: 'application/gzip', bodyBase64: await gzipBase64(sitemap([`${site.url}/one`])) });
    await setPage(site, '/b.xml', { contentType: 'text/plain', body: `${site.url}/two\n${site.url}/one\n` });
    await setPage(site, '/one', { body: '<title>One</title><p>First page.</p>' });
    await setPage(site, '/two', { body: '<title>Two</title><p>Second page.</p>' });
    const guild = await createGuild('Sitemap Index Guild');
    const added = await (await addSource(guild.id, { url: `${site.url}/sitemap_index.xml`, kind: 'sitemap' })).json<SourceJson>();
    const status = await synced(guild.id, added.id);
    expect(status.pages).toBe(2);
    expect(status.lastError).toBe('1 URL on another site skipped');
    expect((await documents(guild.id)).map((d) => d.title).sort()).toEqual(['One', 'Two']);
  });

  it('keeps what was imported when the sitemap comes back empty', async () => {
    const site = await createSite();
    await setPage(site, '/sitemap.xml', { contentType: 'application/xml', body: sitemap([`${site.url}/one`]) });
    await setPage(site, '/one', { body: '<title>One</title><p>First page.</p>' });
    const guild = await createGuild('Sitemap Empty Guild');
    const added = await (await addSource(guild.id, { url: `${site.url}/sitemap.xml`, kind: 'sitemap' })).json<SourceJson>();
    expect((await synced(guild.id, added.id)).pages).toBe(1);

    await setPage(site, '/sitemap.xml', { contentType: 'text/html', body: '<html><body>Maintenance</body></html>' });
    expect(await fireSourceTimer(guild.id, added.id)).toBe(true);
    const status = await getSource(guild.id, added.id);
    expect(status.lastError).toBe('the sitemap lists no pages; the pages imported before are kept');
    expect((await documents(guild.id)).map((d) => d.title)).toEqual(['One']);
  });
});
