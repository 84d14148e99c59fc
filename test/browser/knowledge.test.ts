// A document added on the Knowledge page is used in the bot's next answer; a web source is added, synced and removed there.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startWebsites, type Websites } from '../support/website.js';
import { botReplyTo, captureScreen, launch, memberSays, newGuild, signInWithDiscord, type SimGuild } from './support.js';

let browser: Browser;
let guild: SimGuild;
let websites: Websites;

beforeAll(async () => {
  browser = await launch();
  guild = await newGuild('Knowledge Guild');
  websites = await startWebsites();
});
afterAll(async () => {
  await browser?.close();
  await websites?.close();
});

/** A new website served from this test (test/support/website.ts) and a setter for its pages. */
async function newSite(): Promise<{ url: string; set(path: string, page: { body: string; contentType?: string }): Promise<void> }> {
  const created = (await (await fetch(`${websites.url}/sites`, { method: 'POST' })).json()) as { id: string; url: string };
  return {
    url: created.url,
    set: async (path, page) => {
      await fetch(`${websites.url}/sites/${created.id}/pages`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, ...page }) });
    },
  };
}

describe('knowledge page', () => {
  it('adds a document, lists it, shows it, and Herald answers from it', async () => {
    const page = await browser.newPage();
    await signInWithDiscord(page, guild.ownerId);
    await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/knowledge`);
    await page.getByText('No documents yet').waitFor();
    await page.getByLabel('Title').fill('Opening hours');
    await page.getByLabel('Text', { exact: true }).fill('# Opening hours\n\nThe support desk is open from 9:00 to 17:00, Monday to Friday.');
    await page.getByRole('button', { name: 'Add document' }).click();
    await page.getByRole('cell', { name: 'Opening hours', exact: true }).waitFor();
    await page.getByRole('button', { name: 'View Opening hours' }).click();
    await page.getByText('Monday to Friday').first().waitFor();
    await captureScreen(page, 'knowledge');

    const bot = '100000000000000001';
    const question = await memberSays(guild, `<@${bot}> when is the support desk open?`, { id: '200000000000008301', username: 'visitor' });
    const reply = await botReplyTo(guild.channels[0]!.id, question.id);
    expect(reply.content).toContain('9:00 to 17:00');
  });

  it('adds a web sitemap, shows its status and pages, syncs it again and removes it', async () => {
    const sourcesGuild = await newGuild('Web Sources Guild');
    const web = await newSite();
    const base = web.url;
    await web.set('/robots.txt', { body: 'User-agent: *\nDisallow: /private\n', contentType: 'text/plain' });
    await web.set('/sitemap.xml', { contentType: 'application/xml', body: `<urlset><url><loc>${base}/returns</loc></url><url><loc>${base}/private/x</loc></url></urlset>` });
    await web.set('/returns', { body: '<title>Returns</title><nav>Menu</nav><main><h1>Returns</h1><p>Items can be returned within 30 days.</p></main>' });
    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signInWithDiscord(page, sourcesGuild.ownerId);
    await page.goto(`${inject('workerUrl')}/#/g/${sourcesGuild.id}/knowledge`);
    await page.getByText('No web sources yet.').waitFor();

    await page.getByLabel('Address').fill('ftp://example.com/file');
    await page.getByRole('button', { name: 'Add source' }).click();
    await page.getByText('url: must be an absolute http:// or https:// URL').waitFor();

    await page.getByLabel('Address').fill(`${base}/sitemap.xml`);
    await page.getByLabel('What it is').selectOption('sitemap');
    await page.getByLabel('Fetch again every (hours)').fill('12');
    await page.getByRole('button', { name: 'Add source' }).click();
    await page.getByText('Some pages failed').waitFor();
    await page.getByText('disallowed by robots.txt').waitFor();
    // The imported page is listed among the documents, with its address.
    await page.getByRole('cell', { name: `Returns ${base}/returns` }).waitFor();
    await captureScreen(page, 'knowledge-sources');

    await page.getByRole('button', { name: `Sync now ${base}/sitemap.xml` }).click();
    await page.getByText(`Fetching ${base}/sitemap.xml again.`).waitFor();
    await page.getByText('Some pages failed').waitFor();

    await page.getByRole('button', { name: `Remove ${base}/sitemap.xml` }).click();
    await page.getByText('No web sources yet.').waitFor();
    await page.getByText('No documents yet').waitFor();
  });
});
