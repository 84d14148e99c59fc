// Helpers of the web-source tests: a site of their own (test/support/website.ts, served from Node), the
// sources routes, and the 'source' timer fired with runDurableObjectAlarm.

import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { inject } from 'vitest';
import { api, guildActorStub, waitFor } from '../support';
import type { SourceView } from '../../../src/sources/sync-plan';

export interface TestSite {
  id: string;
  url: string;
}

/** A source as the API returns it (GET/POST .../knowledge/sources). */
export type SourceJson = SourceView;

export interface DocumentJson {
  id: string;
  title: string;
  url: string | null;
  sourceId: string | null;
}

async function control<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(inject('websitesUrl') + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`websites ${path} → ${response.status}: ${await response.text()}`);
  return response.json<T>();
}

export function createSite(): Promise<TestSite> {
  return control<TestSite>('/sites', { method: 'POST' });
}

export async function setPage(site: TestSite, path: string, page: { body?: string; bodyBase64?: string; hang?: boolean; status?: number; contentType?: string; location?: string }): Promise<void> {
  await control(`/sites/${site.id}/pages`, { method: 'PUT', body: { path, ...page } });
}

export async function removePage(site: TestSite, path: string): Promise<void> {
  await control(`/sites/${site.id}/pages?path=${encodeURIComponent(path)}`, { method: 'DELETE' });
}

export function siteRequests(site: TestSite): Promise<{ path: string; userAgent: string }[]> {
  return control(`/sites/${site.id}/requests`);
}

/** A page with the noise real sites have around their content: header, navigation, side bar, footer, scripts. */
export function noisyPage(title: string, main: string): string {
  return `<!doctype html><html><head><title>${title}</title><style>body { color: red }</style>
<script>window.analytics = "TRACKING-SNIPPET";</script></head>
<body><header><a href="/">Acme</a> <span>Sign in</span></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/pricing">Pricing NAVLINK</a></li></ul></nav>
<main>${main}</main>
<aside>Related: SIDEBAR-TEASER</aside>
<footer>© 2026 Acme FOOTER-TEXT</footer></body></html>`;
}

export function sitemap(urls: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((url) => `  <url><loc>${url}</loc><lastmod>2026-11-01</lastmod></url>`).join('\n')}
</urlset>`;
}

export async function addSource(guildId: string, body: unknown, token?: string): Promise<Response> {
  return api(`/api/guilds/${guildId}/knowledge/sources`, { body, ...(token ? { token } : {}) });
}

export async function getSource(guildId: string, sourceId: string): Promise<SourceJson> {
  const response = await api(`/api/guilds/${guildId}/knowledge/sources/${sourceId}`);
  if (response.status !== 200) throw new Error(`GET source → ${response.status}: ${await response.text()}`);
  return response.json<SourceJson>();
}

export async function documents(guildId: string): Promise<DocumentJson[]> {
  const response = await api(`/api/guilds/${guildId}/knowledge`);
  return (await response.json<{ documents: DocumentJson[] }>()).documents;
}

export async function documentText(guildId: string, docId: string): Promise<string> {
  const response = await api(`/api/guilds/${guildId}/knowledge/${docId}`);
  return (await response.json<{ content: string }>()).content;
}

/** Waits until the source's sync finished (the actor's own alarm runs it right after it was added). */
export function synced(guildId: string, sourceId: string, timeoutMs = 15_000): Promise<SourceJson> {
  return waitFor(async () => {
    const source = await getSource(guildId, sourceId);
    return source.status !== 'pending' && source.status !== 'syncing' ? source : null;
  }, `source ${sourceId} to finish syncing`, timeoutMs);
}

/**
 * Makes the source's timer due and runs the actor's alarm (runDurableObjectAlarm), as the refresh would after
 * refreshHours; the alarm is first set in the future so the runtime does not run it by itself meanwhile.
 */
export async function fireSourceTimer(guildId: string, sourceId: string): Promise<boolean> {
  const stub = guildActorStub(guildId);
  await runInDurableObject(stub, async (_instance, state) => {
    const now = Date.now();
    state.storage.sql.exec(
      "INSERT INTO timers (kind, key, due_at) VALUES ('source', ?, ?) ON CONFLICT (kind, key) DO UPDATE SET due_at = excluded.due_at",
      sourceId,
      now - 1,
    );
    await state.storage.setAlarm(now + 60_000);
  });
  return runDurableObjectAlarm(stub);
}

/** The due time of the source's timer row (null when there is none). */
export async function sourceTimerDueAt(guildId: string, sourceId: string): Promise<number | null> {
  return runInDurableObject(guildActorStub(guildId), (_instance, state) => {
    const row = state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM timers WHERE kind = 'source' AND key = ?", sourceId).toArray()[0];
    return row ? row.due_at : null;
  });
}
