// Web sources of a guild's knowledge base (contract §3 `knowledge/sources`): the GuildActor's part that adds,
// lists, removes and syncs them. A sync runs on the actor's timers (kind 'source', key = source id): the first
// run reads robots.txt and the page list (one page, or a sitemap), drops pages no longer listed and queues the
// rest; each run then fetches at most PAGES_PER_TIMER_RUN queued pages (MAX_CONCURRENT_FETCHES at a time) and
// re-arms itself at once while pages remain, so a big sitemap never holds one alarm invocation for long. When
// the queue is empty the source is due again in refreshHours. A page that fails is reported on its own and
// never stops the others; a page that is gone (404/410, disallowed) loses its document.

import type { Result } from '../actors/guild-actor';
import type { KnowledgeStore } from '../guild/knowledge-store';
import { MAX_DOCUMENTS, type GuildTimer } from '../guild/schema';
import { MAX_DOCUMENT_CHARS, MAX_TITLE_CHARS } from '../knowledge/chunk';
import { log, logError } from '../log';
import type { Timers } from '../storage/timers';
import { decodeBody, fetchBounded, mediaType } from './fetch-page';
import { htmlToText } from './html-to-text';
import {
  MAX_CHILD_SITEMAPS,
  MAX_CONCURRENT_FETCHES,
  MAX_PAGE_BYTES,
  MAX_PAGES_PER_SOURCE,
  MAX_ROBOTS_BYTES,
  MAX_SITEMAP_BYTES,
  MAX_SOURCES_PER_GUILD,
  PAGES_PER_TIMER_RUN,
  SYNC_RETRY_MS,
} from './limits';
import { ALLOW_ALL, parseRobots, robotsAllow, type RobotsRules } from './robots';
import { parseSitemap } from './sitemap';
import type { SourceInput } from './source-input';
import { SourceStore, type PageRow, type SourceRow } from './source-store';
import { clipText, planPages, sourceView, syncSummary, type SourceView } from './sync-plan';

const HOUR_MS = 60 * 60_000;
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/x-markdown']);

/** What fetching one page came to. `gone`: the page no longer exists (or may not be fetched): drop its document. */
type PageOutcome =
  | { ok: true; url: string; title: string; text: string; hash: string }
  | { ok: false; error: string; gone: boolean };

export class SourceSyncer {
  private readonly store: SourceStore;
  /** Sources whose timer run is under way in this instance (a second run of the same source waits for it). */
  private readonly running = new Set<string>();

  constructor(
    storage: DurableObjectStorage,
    private readonly timers: Timers<GuildTimer>,
    private readonly knowledge: KnowledgeStore,
    private readonly guildId: () => string,
  ) {
    this.store = new SourceStore(storage.sql);
  }

  list(): SourceView[] {
    return this.store.all().map((source) => this.view(source));
  }

  get(id: string): SourceView | null {
    const source = this.store.get(id);
    return source ? this.view(source) : null;
  }

  async add(input: SourceInput): Promise<Result<SourceView>> {
    if (this.store.byUrl(input.url)) return { ok: false, status: 409, error: 'url: this URL is already a source of this knowledge base', field: 'url' };
    if (this.store.count() >= MAX_SOURCES_PER_GUILD) {
      return { ok: false, status: 409, error: `at most ${MAX_SOURCES_PER_GUILD} web sources per server; remove one first` };
    }
    const id = crypto.randomUUID();
    this.store.insert({ id, ...input, createdAt: Date.now() });
    // The first sync starts right away, on the timer (never inside this request).
    await this.timers.schedule('source', Date.now(), id);
    log('SourceSyncer.added', { guildId: this.guildId(), sourceId: id, kind: input.kind });
    return { ok: true, value: this.get(id)! };
  }

  /** Removes a source with every document its pages became; null when there is no such source. */
  async remove(id: string): Promise<{ documents: number } | null> {
    if (!this.store.get(id)) return null;
    const docs = this.store.documentsOf(id);
    for (const docId of docs) this.knowledge.delete(docId);
    this.store.remove(id);
    await this.timers.cancel('source', id);
    log('SourceSyncer.removed', { guildId: this.guildId(), sourceId: id, documents: docs.length });
    return { documents: docs.length };
  }

  /** Fetches the source again now (a sync under way just continues). */
  async syncNow(id: string): Promise<SourceView | null> {
    if (!this.store.get(id)) return null;
    await this.timers.schedule('source', Date.now(), id);
    return this.get(id);
  }

  /** The 'source' timer: one step of the source's sync. Never throws for a bad site (only for storage). */
  async onTimer(id: string): Promise<void> {
    if (this.running.has(id)) return;
    this.running.add(id);
    try {
      let source = this.store.get(id);
      if (!source) return;
      if (!source.syncing) {
        if (!(await this.startSync(source))) return;
        source = this.store.get(id);
        if (!source) return;
      }
      await this.fetchBatch(source);
      if (!this.store.get(id)) return;
      if (this.store.queuedCount(id) > 0) {
        await this.timers.schedule('source', Date.now(), id);
        return;
      }
      const pages = this.store.pages(id);
      const summary = syncSummary(pages, source.syncNote);
      this.store.finishSync(id, Date.now(), summary);
      await this.timers.schedule('source', Date.now() + source.refreshHours * HOUR_MS, id);
      log('SourceSyncer.synced', { guildId: this.guildId(), sourceId: id, pages: pages.filter((p) => p.docId !== null).length, failed: pages.filter((p) => p.lastError).length });
    } finally {
      this.running.delete(id);
    }
  }

  private view(source: SourceRow): SourceView {
    return sourceView(source, this.store.pages(source.id), this.timers.get('source', source.id));
  }

  // ---- starting a sync: robots.txt and the page list --------------------------------------------------

  /** Reads robots.txt and the page list; false (and the error recorded, the next try scheduled) when it cannot. */
  private async startSync(source: SourceRow): Promise<boolean> {
    const robots = await this.readRobots(source.url);
    const listing = robots.ok ? await this.listPages(source, robots.rules) : robots;
    if (!this.store.get(source.id)) return false;
    if (!listing.ok) {
      // The pages already imported stay: a site that is down for a while does not empty the knowledge base.
      this.store.failSync(source.id, Date.now(), listing.error);
      await this.timers.schedule('source', Date.now() + Math.min(SYNC_RETRY_MS, source.refreshHours * HOUR_MS), source.id);
      log('SourceSyncer.syncFailed', { guildId: this.guildId(), sourceId: source.id, error: listing.error });
      return false;
    }
    const gone = this.store.queue(source.id, listing.urls);
    for (const page of gone) {
      if (page.docId) this.knowledge.delete(page.docId);
      this.store.deletePage(source.id, page.url);
    }
    this.store.startSync(source.id, robots.ok ? robots.text : null, listing.notes.length > 0 ? listing.notes.join('; ') : null);
    return true;
  }

  private async readRobots(sourceUrl: string): Promise<{ ok: true; rules: RobotsRules; text: string | null } | { ok: false; error: string }> {
    const robotsUrl = new URL('/robots.txt', sourceUrl).href;
    const fetched = await fetchBounded(robotsUrl, { maxBytes: MAX_ROBOTS_BYTES, truncate: true, accept: 'text/plain' });
    if (fetched.ok) {
      const text = decodeBody(fetched.body, fetched.contentType);
      return { ok: true, rules: parseRobots(text), text };
    }
    // RFC 9309 §2.3.1.3: a robots.txt that is missing (4xx) allows everything; §2.3.1.4: one that cannot be
    // reached (5xx, network) disallows everything, so nothing is fetched until it can be read.
    if (fetched.status !== null && fetched.status >= 400 && fetched.status < 500) return { ok: true, rules: ALLOW_ALL, text: null };
    return { ok: false, error: `robots.txt could not be read (${fetched.error}); nothing was fetched` };
  }

  private async listPages(source: SourceRow, rules: RobotsRules): Promise<{ ok: true; urls: string[]; notes: string[] } | { ok: false; error: string }> {
    if (source.kind === 'page') return { ok: true, urls: [source.url], notes: [] };
    if (!robotsAllow(rules, new URL(source.url))) return { ok: false, error: 'robots.txt disallows fetching the sitemap' };
    const top = await this.readSitemap(source.url);
    if (!top.ok) return { ok: false, error: `sitemap: ${top.error}` };
    let entries = top.urls;
    let listedMore = false;
    const notes: string[] = [];
    if (top.kind === 'index') {
      entries = [];
      const children = planPages(source.url, top.urls, MAX_CHILD_SITEMAPS);
      for (const note of children.notes) {
        notes.push(note.startsWith('the sitemap lists more than') ? `only the first ${MAX_CHILD_SITEMAPS} sitemaps of the index are read` : note);
      }
      // Read MAX_CONCURRENT_FETCHES at a time, so even a full index costs a few fetch timeouts at most.
      const allowed = children.urls.filter((child) => robotsAllow(rules, new URL(child)));
      const reads = await mapLimit(allowed, MAX_CONCURRENT_FETCHES, (child) => this.readSitemap(child));
      reads.forEach((read, index) => {
        if (!read.ok) notes.push(`sitemap ${allowed[index]}: ${read.error}`);
        else if (entries.length >= MAX_PAGES_PER_SOURCE) listedMore = listedMore || read.urls.length > 0;
        else entries = entries.concat(read.urls);
      });
    }
    const plan = planPages(source.url, entries, MAX_PAGES_PER_SOURCE, listedMore);
    // A sitemap that lists nothing while pages were imported is more likely broken than emptied on purpose.
    if (plan.urls.length === 0 && this.store.pages(source.id).length > 0) return { ok: false, error: 'the sitemap lists no pages; the pages imported before are kept' };
    return { ok: true, urls: plan.urls, notes: [...notes, ...plan.notes] };
  }

  private async readSitemap(url: string): Promise<{ ok: true; kind: 'urlset' | 'index'; urls: string[] } | { ok: false; error: string }> {
    const fetched = await fetchBounded(url, { maxBytes: MAX_SITEMAP_BYTES, truncate: true, accept: 'application/xml, text/xml, text/plain;q=0.8, */*;q=0.5' });
    if (!fetched.ok) return { ok: false, error: fetched.error };
    let body = fetched.body;
    // Gzipped sitemaps (sitemap.xml.gz) are common; the decompressed size is bounded too.
    if (body[0] === 0x1f && body[1] === 0x8b) {
      try {
        body = await gunzipAtMost(body, MAX_SITEMAP_BYTES);
      } catch {
        return { ok: false, error: 'not a valid gzip file' };
      }
    }
    // Entries past MAX_PAGES_PER_SOURCE * 2 are never needed (duplicates and other sites' URLs are dropped later).
    const parsed = parseSitemap(decodeBody(body, fetched.contentType), MAX_PAGES_PER_SOURCE * 2 + 1);
    return { ok: true, ...parsed };
  }

  // ---- fetching pages ----------------------------------------------------------------------------

  private async fetchBatch(source: SourceRow): Promise<void> {
    const batch = this.store.queued(source.id, PAGES_PER_TIMER_RUN);
    const rules = source.robots === null ? ALLOW_ALL : parseRobots(source.robots);
    const outcomes = await mapLimit(batch, MAX_CONCURRENT_FETCHES, (page) => fetchPageText(page.url, rules));
    // Applied without awaits in between: the source may have been removed while the pages were fetched.
    if (!this.store.get(source.id)) return;
    batch.forEach((page, index) => this.applyOutcome(source.id, page, outcomes[index]!));
  }

  private applyOutcome(sourceId: string, page: PageRow, outcome: PageOutcome): void {
    const current = this.store.page(sourceId, page.url);
    if (!current || !current.queued) return;
    const now = Date.now();
    const hasDoc = current.docId !== null && this.store.documentExists(current.docId);
    if (!outcome.ok) {
      if (outcome.gone && current.docId) this.knowledge.delete(current.docId);
      const keep = !outcome.gone && hasDoc;
      this.store.savePage(sourceId, page.url, { docId: keep ? current.docId : null, contentHash: keep ? current.contentHash : null, lastError: outcome.error, fetchedAt: now });
      return;
    }
    if (hasDoc && current.contentHash === outcome.hash) {
      // Unchanged text; the page may still have moved (a new redirect target), so its cited URL follows.
      this.store.setDocumentOrigin(current.docId!, outcome.url, sourceId);
      this.store.savePage(sourceId, page.url, { docId: current.docId, contentHash: outcome.hash, lastError: null, fetchedAt: now });
      return;
    }
    if (!hasDoc && this.knowledge.count() >= MAX_DOCUMENTS) {
      this.store.savePage(sourceId, page.url, { docId: null, contentHash: null, lastError: `the knowledge base is full (${MAX_DOCUMENTS} documents)`, fetchedAt: now });
      return;
    }
    // A changed page replaces its document whole (through the knowledge store, so every index follows).
    if (current.docId) this.knowledge.delete(current.docId);
    const doc = this.knowledge.add(outcome.title, outcome.text, now);
    this.store.setDocumentOrigin(doc.id, outcome.url, sourceId);
    this.store.savePage(sourceId, page.url, { docId: doc.id, contentHash: outcome.hash, lastError: null, fetchedAt: now });
  }
}

/** Fetches one page and turns it into a document's title and text. */
async function fetchPageText(url: string, rules: RobotsRules): Promise<PageOutcome> {
  try {
    if (!robotsAllow(rules, new URL(url))) return { ok: false, error: 'disallowed by robots.txt', gone: true };
    const fetched = await fetchBounded(url, { maxBytes: MAX_PAGE_BYTES });
    if (!fetched.ok) return { ok: false, error: fetched.error, gone: fetched.status === 404 || fetched.status === 410 };
    const type = mediaType(fetched.contentType);
    let title = '';
    let text: string;
    if (HTML_TYPES.has(type) || type === '') {
      const page = await htmlToText(decodeBody(fetched.body, fetched.contentType));
      title = page.title;
      text = page.text;
    } else if (TEXT_TYPES.has(type)) {
      text = decodeBody(fetched.body, fetched.contentType).trim();
      title = firstHeading(text);
    } else {
      return { ok: false, error: `unsupported content type ${type} (HTML, text or Markdown only)`, gone: false };
    }
    if (text.length === 0) return { ok: false, error: 'no text found on the page', gone: false };
    text = clipText(text, MAX_DOCUMENT_CHARS);
    title = clipText(title || titleFromUrl(fetched.url), MAX_TITLE_CHARS);
    return { ok: true, url: fetched.url, title, text, hash: await sha256(`${title}\n${text}`) };
  } catch (error) {
    logError('SourceSyncer.fetchPage', error, { url });
    return { ok: false, error: 'the page could not be read', gone: false };
  }
}

function firstHeading(text: string): string {
  for (const line of text.split('\n', 50)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('# ')) return trimmed.slice(2).trim();
  }
  return '';
}

function titleFromUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Runs `work` over `items`, at most `limit` at once, results in the items' order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function gunzipAtMost(body: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const stream = new Response(body).body!.pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = Math.min(value.byteLength, maxBytes - size);
    chunks.push(value.subarray(0, take));
    size += take;
    if (size >= maxBytes) {
      await reader.cancel();
      break;
    }
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
