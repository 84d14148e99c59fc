// A website's sitemap becomes documents: imported without navigation noise, answered from with the page's
// link cited, changed pages replaced and pages gone from the sitemap removed on the next sync (the 'source'
// timer, fired with runDurableObjectAlarm), robots.txt honoured, and everything removed with the source.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, askBot, createGuild, onlyReplyContent, startGatewayAndWait, stopGateway, type SimGuildInfo } from '../support';
import {
  addSource,
  createSite,
  documents,
  documentText,
  fireSourceTimer,
  getSource,
  noisyPage,
  removePage,
  setPage,
  siteRequests,
  sitemap,
  sourceTimerDueAt,
  synced,
  type SourceJson,
  type TestSite,
} from './support';

let site: TestSite;
let guild: SimGuildInfo;
let source: SourceJson;

const refundsV1 = `<article><h1>Refunds</h1><p>Refunds are issued within 14 days of purchase.</p>
<h2>Annual plans</h2><p>Annual plans are refunded pro rata for the unused months.</p></article>`;
const refundsV2 = `<article><h1>Refunds</h1><p>Refunds are issued within 30 days of purchase, no questions asked.</p></article>`;
const shipping = `<h1>Shipping</h1><p>We ship worldwide within 5 business days.</p>`;

beforeAll(async () => {
  await startGatewayAndWait();
  site = await createSite();
  await setPage(site, '/robots.txt', { contentType: 'text/plain', body: 'User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n' });
  await setPage(site, '/docs/refunds', { body: noisyPage('Refunds &amp; returns', refundsV1) });
  await setPage(site, '/docs/shipping', { body: noisyPage('Shipping', shipping) });
  await setPage(site, '/private/secret', { body: noisyPage('Secret', '<p>Internal only.</p>') });
  await setPage(site, '/sitemap.xml', {
    contentType: 'application/xml',
    body: sitemap([`${site.url}/docs/refunds`, `${site.url}/docs/shipping`, `${site.url}/private/secret`, 'https://elsewhere.example/page']),
  });
  guild = await createGuild('Website Import Guild');
  const response = await addSource(guild.id, { url: `${site.url}/sitemap.xml`, kind: 'sitemap' });
  expect(response.status).toBe(201);
  source = await response.json<SourceJson>();
});
afterAll(stopGateway);

describe('a sitemap source', () => {
  it('starts pending with the default refresh of 24 hours', () => {
    expect(source.kind).toBe('sitemap');
    expect(source.refreshHours).toBe(24);
    expect(['pending', 'syncing', 'ok', 'partial']).toContain(source.status);
  });

  it('imports each allowed page of its site as a document with its URL and title', async () => {
    const status = await synced(guild.id, source.id);
    expect(status.pages).toBe(2);
    const docs = await documents(guild.id);
    expect(docs.map((doc) => [doc.title, doc.url, doc.sourceId]).sort()).toEqual([
      ['Refunds & returns', `${site.url}/docs/refunds`, source.id],
      ['Shipping', `${site.url}/docs/shipping`, source.id],
    ]);
    expect(status.lastSyncAt).not.toBeNull();
    // Refreshed every refreshHours by the actor's timer.
    const due = await sourceTimerDueAt(guild.id, source.id);
    expect(due! - Date.parse(status.lastSyncAt!)).toBeGreaterThanOrEqual(24 * 3_600_000 - 1_000);
  });

  it('honours robots.txt: the disallowed page is reported and never fetched', async () => {
    const status = await getSource(guild.id, source.id);
    expect(status.pageErrors).toEqual([{ url: `${site.url}/private/secret`, error: 'disallowed by robots.txt' }]);
    expect(status.status).toBe('partial');
    const requests = await siteRequests(site);
    expect(requests.map((r) => r.path)).not.toContain('/private/secret');
    expect(requests.map((r) => r.path)).toContain('/robots.txt');
    expect(requests.every((r) => r.userAgent.startsWith('Herald/'))).toBe(true);
  });

  it('keeps the main content with its headings and drops navigation, header, footer, side bar and scripts', async () => {
    const refunds = (await documents(guild.id)).find((doc) => doc.title === 'Refunds & returns')!;
    const text = await documentText(guild.id, refunds.id);
    expect(text).toContain('# Refunds\n\nRefunds are issued within 14 days of purchase.');
    expect(text).toContain('## Annual plans');
    for (const noise of ['NAVLINK', 'FOOTER-TEXT', 'SIDEBAR-TEASER', 'TRACKING-SNIPPET', 'Sign in', 'color: red']) expect(text).not.toContain(noise);
  });

  it('answers a member from the page and cites its title and link', async () => {
    const question = await askBot(guild, 'how long do refunds take?');
    const reply = await onlyReplyContent(guild, question);
    expect(reply).toContain('Refunds are issued within 14 days of purchase.');
    // A masked link in <…>: Discord shows the title and does not unfurl the page under the answer.
    expect(reply).toContain(`Source: [Refunds & returns](<${site.url}/docs/refunds>)`);
  });

  it('replaces a changed page and removes a page gone from the sitemap on the next sync', async () => {
    await setPage(site, '/docs/refunds', { body: noisyPage('Refunds &amp; returns', refundsV2) });
    await setPage(site, '/sitemap.xml', { contentType: 'application/xml', body: sitemap([`${site.url}/docs/refunds`]) });
    const before = await getSource(guild.id, source.id);
    expect(await fireSourceTimer(guild.id, source.id)).toBe(true);

    const after = await getSource(guild.id, source.id);
    expect(after.status).toBe('ok');
    expect(after.pages).toBe(1);
    expect(Date.parse(after.lastSyncAt!)).toBeGreaterThan(Date.parse(before.lastSyncAt!));
    const docs = await documents(guild.id);
    expect(docs.map((doc) => doc.title)).toEqual(['Refunds & returns']);
    expect(await documentText(guild.id, docs[0]!.id)).toContain('within 30 days of purchase');

    const question = await askBot(guild, 'how long do refunds take?');
    expect(await onlyReplyContent(guild, question)).toContain('Refunds are issued within 30 days of purchase');
    const shippingQuestion = await askBot(guild, 'do you ship worldwide?');
    expect(await onlyReplyContent(guild, shippingQuestion)).not.toContain('We ship worldwide');
  });

  it('removes a page that now answers 404 and reports it', async () => {
    await removePage(site, '/docs/refunds');
    expect(await fireSourceTimer(guild.id, source.id)).toBe(true);
    const status = await getSource(guild.id, source.id);
    expect(status.pages).toBe(0);
    expect(status.status).toBe('error');
    expect(status.pageErrors).toEqual([{ url: `${site.url}/docs/refunds`, error: 'HTTP 404 Not Found' }]);
    expect(await documents(guild.id)).toEqual([]);
  });

  it('is removed with its documents', async () => {
    await setPage(site, '/docs/refunds', { body: noisyPage('Refunds', refundsV1) });
    expect(await fireSourceTimer(guild.id, source.id)).toBe(true);
    expect((await documents(guild.id)).length).toBe(1);

    const removed = await api(`/api/guilds/${guild.id}/knowledge/sources/${source.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ deleted: true, documents: 1 });
    expect(await documents(guild.id)).toEqual([]);
    expect(await sourceTimerDueAt(guild.id, source.id)).toBeNull();
    const list = await (await api(`/api/guilds/${guild.id}/knowledge/sources`)).json<{ sources: unknown[] }>();
    expect(list.sources).toEqual([]);
  });
});
