// One fetch of a web source is bounded: a server that never answers is given up after the timeout, a body
// over the limit is refused (or cut, for sitemaps), and only http(s) redirects are followed.

import { describe, expect, it } from 'vitest';
import { fetchBounded } from '../../../src/sources/fetch-page';
import { createSite, setPage } from './support';

describe('fetchBounded', () => {
  it('gives up on a server that never answers', async () => {
    const site = await createSite();
    await setPage(site, '/slow', { hang: true });
    const fetched = await fetchBounded(`${site.url}/slow`, { maxBytes: 1_000, timeoutMs: 300 });
    expect(fetched).toEqual({ ok: false, url: `${site.url}/slow`, status: null, error: 'no answer within 0.3 s' });
  });

  it('refuses a body over the limit, or cuts it when asked to', async () => {
    const site = await createSite();
    await setPage(site, '/big', { contentType: 'text/plain', body: 'x'.repeat(5_000) });
    expect(await fetchBounded(`${site.url}/big`, { maxBytes: 1_000 })).toMatchObject({ ok: false, error: 'larger than 1000 bytes' });
    const cut = await fetchBounded(`${site.url}/big`, { maxBytes: 1_000, truncate: true });
    expect(cut).toMatchObject({ ok: true, truncated: true });
    expect(cut.ok && cut.body.byteLength).toBe(1_000);
  });

  it('follows a redirect to http(s) and reports where it ended', async () => {
    const site = await createSite();
    await setPage(site, '/a', { status: 308, location: '/b' });
    await setPage(site, '/b', { contentType: 'text/plain', body: 'here' });
    expect(await fetchBounded(`${site.url}/a`, { maxBytes: 100 })).toMatchObject({ ok: true, url: `${site.url}/b`, status: 200 });
  });
});
