// HTML → text with HTMLRewriter (workerd only, hence here and not in test/unit): main content only, headings
// kept as Markdown so chunking splits on them, entities decoded, code kept as fenced blocks.

import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../src/knowledge/chunk';
import { htmlToText } from '../../../src/sources/html-to-text';

describe('htmlToText', () => {
  it('uses <main> when the page has one, dropping everything around it', async () => {
    const page = await htmlToText(`<html><head><title>  Billing
      help </title></head><body><div id="banner">Cookie banner</div><main><h1>Billing</h1><p>Invoices are sent monthly.</p></main><p>Outside main</p></body></html>`);
    expect(page).toEqual({ title: 'Billing help', text: '# Billing\n\nInvoices are sent monthly.' });
  });

  it('uses the whole body without <main>/<article>, minus nav, header, footer, aside, scripts and styles', async () => {
    const page = await htmlToText(`<body><header>Logo</header><nav><a>Home</a></nav><script>var x = "<p>no</p>";</script>
      <style>p { color: red }</style><noscript>Enable JS</noscript><h2>Setup</h2><p>Install the app.</p><aside>Ads</aside>
      <div role="navigation">Breadcrumbs</div><div hidden>Hidden text</div><footer>Footer</footer></body>`);
    expect(page.text).toBe('## Setup\n\nInstall the app.');
    // No <title> and no <h1>: the caller names it after the URL.
    expect(page.title).toBe('');
  });

  it("keeps an article's own header and footer", async () => {
    const page = await htmlToText(`<header>Site banner</header><article><header><h1>Release notes</h1></header><p>Version 2 is out.</p><footer>Posted by the team</footer></article><footer>Site footer</footer>`);
    expect(page.text).toBe('# Release notes\n\nVersion 2 is out.\n\nPosted by the team');
    expect(page.title).toBe('Release notes');
  });

  it('decodes entities, keeps lists and line breaks, and fences preformatted code', async () => {
    const page = await htmlToText(`<main><p>Fish &amp; chips &lt;3 &#8364;5 &#x1F600; &nbsp;caf&eacute;</p><ul><li>One</li><li>Two</li></ul>
      <p>Line one<br>Line two</p><pre>npm   install
  herald</pre></main>`);
    expect(page.text).toBe('Fish & chips <3 €5 😀 café\n\n- One\n- Two\n\nLine one\nLine two\n\n```\nnpm   install\n  herald\n```');
  });

  it('gives headings chunkDocument splits on', async () => {
    const page = await htmlToText(`<main><h2>Refunds</h2><p>${'Refunds take 14 days. '.repeat(30)}</p><h2>Shipping</h2><p>${'We ship worldwide. '.repeat(30)}</p></main>`);
    const passages = chunkDocument(page.text);
    expect(passages.length).toBeGreaterThanOrEqual(2);
    expect(passages.every((p) => p.startsWith('## Refunds') || p.startsWith('## Shipping'))).toBe(true);
    expect(passages.some((p) => p.startsWith('## Shipping'))).toBe(true);
  });

  it('survives unclosed tags and stray end tags', async () => {
    const page = await htmlToText('<p>First<p>Second</span></div><li>Item<h3>Title</h3>After');
    expect(page.text).toBe('First\n\nSecond\n- Item\n\n### Title\n\nAfter');
  });
});
