// A web page's main content as text with Markdown headings, using the platform's streaming parser
// (HTMLRewriter, workerd only). Navigation noise is dropped: nav, aside, script, style and the page-level header
// and footer (a header or footer inside <main>/<article> is the article's own and is kept). When the page has
// <main> or <article>, only their content is used. Headings become "#" lines so chunking splits on them.

import { decodeEntities } from './entities';

export interface ExtractedPage {
  /** <title>, else the first <h1>, else "" (the caller falls back to the URL). */
  title: string;
  text: string;
}

/** Never text: scripts, styles, navigation, side bars, forms and embedded objects. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'nav', 'aside', 'svg', 'math', 'iframe', 'form', 'button', 'select', 'textarea', 'object', 'canvas', 'dialog']);
/** Skipped only outside <main>/<article>: there they are the site's banner and footer, inside it the article's own. */
const PAGE_LANDMARKS = new Set(['header', 'footer']);
/** Landmark roles that mark navigation noise on generic elements. */
const NOISE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar']);
/** Elements whose end tag is never omitted, so a skip started on them always ends (others may lack </…>). */
const CLOSED_ELEMENTS = new Set(['div', 'section', 'span', 'ul', 'ol', 'table', 'menu', 'details', 'header', 'footer']);
const MAIN_CONTENT = new Set(['main', 'article']);
const BLOCKS = new Set([
  'p', 'div', 'section', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'tr', 'blockquote', 'figure', 'figcaption', 'address',
  'details', 'summary', 'hr', 'main', 'article', 'header', 'footer', 'body',
]);
const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

class Collector {
  private skipDepth = 0;
  private mainDepth = 0;
  private preDepth = 0;
  private headingDepth = 0;
  private inTitle = false;
  private pending = '';
  private readonly all: string[] = [];
  private readonly main: string[] = [];
  private sawMain = false;
  private title = '';
  private firstH1 = '';
  private h1Open = false;

  element(element: Element): void {
    const tag = element.tagName.toLowerCase();
    if (this.skipDepth > 0 || this.isNoise(tag, element)) {
      // Nested skipped elements are counted too, so the skip ends with the element that started it.
      if (SKIPPED.has(tag) || PAGE_LANDMARKS.has(tag) || (CLOSED_ELEMENTS.has(tag) && this.isNoise(tag, element))) {
        if (this.onEnd(element, [() => this.skipDepth--])) this.skipDepth++;
      }
      return;
    }
    if (tag === 'title') {
      this.inTitle = true;
      this.onEnd(element, [() => (this.inTitle = false)]);
      return;
    }
    // One end-tag handler per element (a second registration would replace the first), so actions are gathered.
    const atEnd: (() => void)[] = [];
    const atStart: (() => void)[] = [];
    if (MAIN_CONTENT.has(tag)) {
      atStart.push(() => {
        this.mainDepth++;
        this.sawMain = true;
      });
      atEnd.push(() => this.mainDepth--);
    }
    const level = HEADINGS[tag];
    if (level !== undefined) {
      this.emit(`\n\n${'#'.repeat(level)} `);
      atStart.push(() => {
        this.headingDepth++;
        if (level === 1 && this.firstH1 === '') this.h1Open = true;
      });
      atEnd.push(() => {
        this.headingDepth--;
        if (level === 1) this.h1Open = false;
        this.emit('\n\n');
      });
    } else if (tag === 'pre') {
      this.emit('\n\n```\n');
      atStart.push(() => this.preDepth++);
      atEnd.push(() => {
        this.preDepth--;
        this.emit('\n```\n\n');
      });
    } else if (tag === 'br') this.emit('\n');
    else if (tag === 'li') this.emit('\n- ');
    else if (tag === 'td' || tag === 'th') this.emit(' ');
    else if (BLOCKS.has(tag)) {
      this.emit('\n\n');
      atEnd.unshift(() => this.emit('\n\n'));
    }
    // Depths change only for elements whose end is seen, so a missing end tag never leaves one raised.
    if (atEnd.length > 0 && this.onEnd(element, atEnd)) for (const action of atStart) action();
  }

  text(chunk: Text): void {
    // Entities may be split across chunks: a text node is decoded whole.
    this.pending += chunk.text;
    if (!chunk.lastInTextNode) return;
    const raw = decodeEntities(this.pending);
    this.pending = '';
    if (this.inTitle) {
      this.title += raw;
      return;
    }
    if (this.skipDepth > 0) return;
    if (this.preDepth > 0) {
      this.emit(raw);
      return;
    }
    const collapsed = raw.replace(/\s+/g, ' ');
    if (collapsed.trim() === '' && this.headingDepth > 0) return;
    if (this.h1Open) this.firstH1 += collapsed;
    this.emit(collapsed);
  }

  result(): ExtractedPage {
    const parts = this.sawMain ? this.main : this.all;
    const title = collapse(this.title) || collapse(this.firstH1);
    return { title, text: tidy(parts.join('')) };
  }

  private isNoise(tag: string, element: Element): boolean {
    if (SKIPPED.has(tag)) return true;
    if (PAGE_LANDMARKS.has(tag)) return this.mainDepth === 0;
    if (!CLOSED_ELEMENTS.has(tag)) return false;
    const role = element.getAttribute('role')?.toLowerCase();
    return element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true' || (role !== undefined && NOISE_ROLES.has(role));
  }

  /** Registers the element's end-tag handler; false for elements that have none (void elements). */
  private onEnd(element: Element, actions: (() => void)[]): boolean {
    try {
      element.onEndTag(() => {
        for (const action of actions) action();
      });
      return true;
    } catch {
      return false;
    }
  }

  private emit(text: string): void {
    this.all.push(text);
    if (this.mainDepth > 0) this.main.push(text);
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Lines trimmed (outside code fences), at most one blank line in a row, headings on lines of their own. */
function tidy(text: string): string {
  const lines: string[] = [];
  let inFence = false;
  let blank = true;
  for (const rawLine of text.split('\n')) {
    if (rawLine.trim() === '```') {
      inFence = !inFence;
      lines.push('```');
      blank = false;
      continue;
    }
    const line = inFence ? rawLine.trimEnd() : rawLine.trim();
    if (line === '' || (!inFence && /^#{1,6}$/.test(line))) {
      if (!blank && !inFence) lines.push('');
      if (inFence) lines.push('');
      blank = true;
      continue;
    }
    lines.push(line);
    blank = false;
  }
  return lines.join('\n').trim();
}

/** Extracts the main content of an HTML document (bytes or text). */
export async function htmlToText(html: string | ArrayBuffer | Uint8Array): Promise<ExtractedPage> {
  const collector = new Collector();
  const rewriter = new HTMLRewriter()
    .on('*', { element: (element) => collector.element(element) })
    .onDocument({ text: (text) => collector.text(text) });
  // The rewriter runs as its output is read; the output itself is not needed.
  await rewriter.transform(new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })).arrayBuffer();
  return collector.result();
}
