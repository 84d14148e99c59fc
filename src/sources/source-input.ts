// Validation of what an admin sends to POST .../knowledge/sources, as a pure function (unit-tested).

import { DEFAULT_REFRESH_HOURS, MAX_REFRESH_HOURS, MAX_URL_CHARS, MIN_REFRESH_HOURS } from './limits';

export type SourceKind = 'page' | 'sitemap';
export const SOURCE_KINDS: readonly SourceKind[] = ['page', 'sitemap'];

export interface SourceInput {
  url: string;
  kind: SourceKind;
  refreshHours: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; field: string; error: string };

/** An absolute http(s) URL without credentials, its fragment dropped; null when it is not one. */
export function webUrl(text: string, base?: string): URL | null {
  if (text.length === 0 || text.length > MAX_URL_CHARS) return null;
  let url: URL;
  try {
    url = base === undefined ? new URL(text) : new URL(text, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  url.hash = '';
  return url.href.length > MAX_URL_CHARS ? null : url;
}

export function parseSourceInput(body: unknown): Parsed<SourceInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, field: 'body', error: 'must be a JSON object with url and kind' };
  }
  const record = body as Record<string, unknown>;
  if (typeof record.url !== 'string' || record.url.trim() === '') return { ok: false, field: 'url', error: 'must be an http(s) URL' };
  const url = webUrl(record.url.trim());
  if (!url) {
    return { ok: false, field: 'url', error: `must be an absolute http:// or https:// URL of at most ${MAX_URL_CHARS} characters, without user name or password` };
  }
  const kind = record.kind;
  if (kind !== 'page' && kind !== 'sitemap') return { ok: false, field: 'kind', error: 'must be "page" or "sitemap"' };
  const refreshHours = record.refreshHours ?? DEFAULT_REFRESH_HOURS;
  if (typeof refreshHours !== 'number' || !Number.isInteger(refreshHours) || refreshHours < MIN_REFRESH_HOURS || refreshHours > MAX_REFRESH_HOURS) {
    return { ok: false, field: 'refreshHours', error: `must be a whole number of hours from ${MIN_REFRESH_HOURS} to ${MAX_REFRESH_HOURS}` };
  }
  return { ok: true, value: { url: url.href, kind, refreshHours } };
}
