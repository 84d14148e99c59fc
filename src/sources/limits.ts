// Bounds of web sources (documented in README "Limits"). Each is a named constant so tests and docs agree.

/** Web sources one guild may have; adding one more answers 409. */
export const MAX_SOURCES_PER_GUILD = 20;
/** Pages one source imports: a sitemap listing more is cut to its first MAX_PAGES_PER_SOURCE (reported). */
export const MAX_PAGES_PER_SOURCE = 200;
/** A page (HTML, text or Markdown) larger than this is not imported and is reported. */
export const MAX_PAGE_BYTES = 2 * 1024 * 1024;
/** Only this much of a sitemap is read (entries past it are ignored); more than MAX_PAGES_PER_SOURCE URLs fit. */
export const MAX_SITEMAP_BYTES = 5 * 1024 * 1024;
/** Sitemaps a sitemap index may point to that are read (one level deep). */
export const MAX_CHILD_SITEMAPS = 10;
/** RFC 9309 asks crawlers to read at least 500 KiB of robots.txt; the rest is ignored. */
export const MAX_ROBOTS_BYTES = 500 * 1024;
/** One fetch (a page, a sitemap or robots.txt), redirects included. */
export const FETCH_TIMEOUT_MS = 10_000;
/** Pages of one source fetched at once. */
export const MAX_CONCURRENT_FETCHES = 4;
/** Redirects followed per fetch (each hop checked again: http(s) only). */
export const MAX_REDIRECTS = 3;
/**
 * Pages fetched per timer run: a big sitemap is synced over several runs, so one alarm invocation stays
 * short (at most PAGES_PER_TIMER_RUN / MAX_CONCURRENT_FETCHES rounds of FETCH_TIMEOUT_MS) and other timers
 * are not held up.
 */
export const PAGES_PER_TIMER_RUN = 8;
/** refreshHours: whole hours in this range; DEFAULT_REFRESH_HOURS when absent. */
export const MIN_REFRESH_HOURS = 1;
export const MAX_REFRESH_HOURS = 24 * 30;
export const DEFAULT_REFRESH_HOURS = 24;
/** Longest source or page URL accepted. */
export const MAX_URL_CHARS = 2_048;
/** Per-page errors listed in a source's status (the count is always given). */
export const MAX_LISTED_PAGE_ERRORS = 20;
/** A sync whose fetches fail as a whole (robots.txt, sitemap) is tried again after this long. */
export const SYNC_RETRY_MS = 15 * 60_000;
/** The user agent Herald fetches with; robots.txt groups for "Herald" (else "*") apply to it. */
export const ROBOTS_PRODUCT_TOKEN = 'herald';
export const USER_AGENT = 'Herald/1.0 (knowledge-base sync; Discord support bot)';
