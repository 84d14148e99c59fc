// POST .../knowledge takes Markdown, text and HTML: as JSON with "format", or as the raw file with its
// Content-Type (title in ?title=, else from the file). HTML keeps its headings (as Markdown) and loses its
// navigation; bodies over MAX_UPLOAD_BYTES get 413; the existing {"title","content"} keeps working.

import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_CHARS } from '../../../src/knowledge/chunk';
import { MAX_UPLOAD_BYTES } from '../../../src/knowledge/upload';
import { api, createGuild, TEST_ADMIN_TOKEN } from '../support';

function upload(guildId: string, contentType: string, body: string, query = ''): Promise<Response> {
  return SELF.fetch(`http://herald.test/api/guilds/${guildId}/knowledge${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': contentType },
    body,
  });
}

async function content(guildId: string, docId: string): Promise<{ title: string; content: string; passages: number; url: string | null }> {
  return (await api(`/api/guilds/${guildId}/knowledge/${docId}`)).json();
}

const html = `<html><head><title>Billing FAQ</title></head><body><nav>Home Pricing</nav>
<main><h1>Billing</h1><p>Invoices are sent on the 1st.</p><h2>Refunds</h2><p>Refunds take 14 days.</p></main><footer>© Acme</footer></body></html>`;

describe('uploading a file to the knowledge base', () => {
  it('takes raw HTML, titled by its <title>, as text with Markdown headings', async () => {
    const guild = await createGuild('Upload HTML Guild');
    const response = await upload(guild.id, 'text/html; charset=utf-8', html);
    expect(response.status).toBe(201);
    const added = await response.json<{ id: string; title: string; passages: number; url: string | null }>();
    expect(added).toMatchObject({ title: 'Billing FAQ', passages: 2, url: null });
    expect((await content(guild.id, added.id)).content).toBe('# Billing\n\nInvoices are sent on the 1st.\n\n## Refunds\n\nRefunds take 14 days.');
  });

  it('takes raw Markdown titled by ?title= (or its first heading), without its front matter', async () => {
    const guild = await createGuild('Upload Markdown Guild');
    const markdown = '---\nlayout: doc\n---\n# Setup guide\n\nInstall the app, then sign in.\n';
    const named = await upload(guild.id, 'text/markdown', markdown, '?title=Getting%20started');
    expect(named.status).toBe(201);
    const doc = await named.json<{ id: string; title: string }>();
    expect(doc.title).toBe('Getting started');
    expect((await content(guild.id, doc.id)).content).toBe('# Setup guide\n\nInstall the app, then sign in.\n');
    const fromHeading = await upload(guild.id, 'text/markdown', markdown);
    expect((await fromHeading.json<{ title: string }>()).title).toBe('Setup guide');
  });

  it('takes raw plain text with ?title=, and says which field is missing without one', async () => {
    const guild = await createGuild('Upload Text Guild');
    expect((await upload(guild.id, 'text/plain', 'Support hours are 9 to 5.', '?title=Hours')).status).toBe(201);
    const untitled = await upload(guild.id, 'text/plain', 'Support hours are 9 to 5.');
    expect(untitled.status).toBe(400);
    expect(await untitled.json()).toMatchObject({ field: 'title' });
  });

  it('takes JSON with format "html", and still the plain {"title","content"}', async () => {
    const guild = await createGuild('Upload JSON Guild');
    const asHtml = await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'FAQ', content: html, format: 'html' } });
    expect(asHtml.status).toBe(201);
    const doc = await asHtml.json<{ id: string; title: string }>();
    expect(doc.title).toBe('FAQ');
    expect((await content(guild.id, doc.id)).content).not.toContain('<');
    const plain = await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Raw', content: '<b>kept as typed</b>' } });
    expect(plain.status).toBe(201);
    expect((await content(guild.id, (await plain.json<{ id: string }>()).id)).content).toBe('<b>kept as typed</b>');
  });

  it('refuses an unknown format, HTML with no text, and too much with 413', async () => {
    const guild = await createGuild('Upload Limits Guild');
    const badFormat = await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'x', content: 'y', format: 'pdf' } });
    expect(badFormat.status).toBe(400);
    expect(await badFormat.json()).toMatchObject({ field: 'format' });
    const empty = await upload(guild.id, 'text/html', '<script>only()</script>', '?title=Empty');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ field: 'content' });
    expect((await upload(guild.id, 'text/markdown', 'x'.repeat(MAX_UPLOAD_BYTES + 1), '?title=Big')).status).toBe(413);
    expect((await upload(guild.id, 'text/markdown', 'x '.repeat(MAX_DOCUMENT_CHARS), '?title=Long')).status).toBe(413);
    expect((await (await api(`/api/guilds/${guild.id}/knowledge`)).json<{ documents: unknown[] }>()).documents).toEqual([]);
  });
});
