// Fetching one URL for a web source: http(s) only, redirects followed by hand (each hop checked again), a
// timeout over the whole exchange, and at most `maxBytes` read. Failures come back as values with a short,
// owner-readable reason; nothing here throws for a bad site.

import { FETCH_TIMEOUT_MS, MAX_REDIRECTS, USER_AGENT } from './limits';
import { webUrl } from './source-input';

export type Fetched =
  | { ok: true; url: string; status: number; contentType: string; body: Uint8Array; truncated: boolean }
  | { ok: false; url: string; status: number | null; error: string };

export interface FetchOptions {
  maxBytes: number;
  /** Read only the first maxBytes instead of failing when the body is larger (sitemaps, robots.txt). */
  truncate?: boolean;
  timeoutMs?: number;
  accept?: string;
}

export async function fetchBounded(startUrl: string, options: FetchOptions): Promise<Fetched> {
  // A timer cleared when done (AbortSignal.timeout would stay armed and keep the actor busy until it fires).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('the fetch took too long', 'TimeoutError')), options.timeoutMs ?? FETCH_TIMEOUT_MS);
  const signal = controller.signal;
  let url = startUrl;
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': USER_AGENT, accept: options.accept ?? 'text/html, text/plain, text/markdown;q=0.9, */*;q=0.5' },
      });
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS) return { ok: false, url, status: response.status, error: `more than ${MAX_REDIRECTS} redirects` };
        const next = webUrl(response.headers.get('location') ?? '', url);
        if (!next) return { ok: false, url, status: response.status, error: 'redirected to a URL that is not http(s)' };
        url = next.href;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { ok: false, url, status: response.status, error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
      }
      const declared = Number(response.headers.get('content-length'));
      if (!options.truncate && Number.isFinite(declared) && declared > options.maxBytes) {
        await response.body?.cancel();
        return { ok: false, url, status: response.status, error: `larger than ${options.maxBytes} bytes` };
      }
      const read = await readAtMost(response, options.maxBytes);
      if (read.truncated && !options.truncate) return { ok: false, url, status: response.status, error: `larger than ${options.maxBytes} bytes` };
      return { ok: true, url, status: response.status, contentType: response.headers.get('content-type') ?? '', body: read.bytes, truncated: read.truncated };
    }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, url, status: null, error: timedOut ? `no answer within ${(options.timeoutMs ?? FETCH_TIMEOUT_MS) / 1000} s` : `could not connect (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    clearTimeout(timer);
  }
}

async function readAtMost(response: Response, maxBytes: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  if (!response.body) return { bytes: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, truncated };
}

/** The body as text in the charset the response names (UTF-8 when it names none or one the runtime lacks). */
export function decodeBody(body: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]{1,40})/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/** The media type without parameters, lower case ("text/html"). */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}
