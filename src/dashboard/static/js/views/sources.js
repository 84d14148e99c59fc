// Web sources, a section of the Knowledge page: pages and sitemaps Herald imports and fetches again on its own.
// List with status, add a page or sitemap, sync now, remove. While a sync runs the list refreshes itself.

import { api, ApiError } from '../api.js';
import { clearErrors, field, formatTime, h, showFieldError, toast } from '../dom.js';

const STATUS_TEXT = { pending: 'Waiting', syncing: 'Syncing…', ok: 'Up to date', partial: 'Some pages failed', error: 'Failed' };
const STATUS_CLASS = { ok: 'ok', partial: 'warn', error: 'bad' };
/** While a source syncs the list is read again this often, at most POLL_TRIES times. */
const POLL_MS = 2000;
const POLL_TRIES = 60;

export function renderSources(guild, { onDocumentsChanged }) {
  const list = h('div', {});
  // A text box (styled like the others) that phones still type a URL into.
  const url = h('input', { type: 'text', inputmode: 'url', autocomplete: 'url', spellcheck: 'false', required: true, placeholder: 'https://docs.example.com/sitemap.xml', maxlength: 2048, style: 'min-width:min(26rem,100%)' });
  const kind = h('select', {}, h('option', { value: 'page' }, 'One page'), h('option', { value: 'sitemap' }, 'A sitemap (every page it lists)'));
  const hours = h('input', { type: 'number', min: 1, max: 720, step: 1, value: 24, inputmode: 'numeric' });
  const form = h(
    'form',
    { novalidate: true },
    h('div', { class: 'toolbar' },
      field('Address', url, { fieldName: 'url' }),
      field('What it is', kind, { fieldName: 'kind' }),
      field('Fetch again every (hours)', hours, { fieldName: 'refreshHours' }),
      h('button', { type: 'submit' }, 'Add source'),
    ),
  );
  let polls = 0;
  let pollTimer = null;
  // Set when a fetch was started from this page: once no source is busy the documents list is read again, also when
  // the fetch had already finished by the first read (a small site syncs within the POST's round trip).
  let watching = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const added = await api(`/api/guilds/${guild.id}/knowledge/sources`, {
        method: 'POST',
        body: { url: url.value.trim(), kind: kind.value, refreshHours: Number(hours.value) },
      });
      toast(`Added ${added.url}; Herald is fetching it now.`);
      url.value = '';
      await refresh(true);
    } catch (error) {
      if (!(error instanceof ApiError) || !showFieldError(form, error)) toast(error.message, true);
    }
  });

  async function refresh(startPolling = false) {
    if (startPolling) {
      polls = 0;
      watching = true;
    }
    const { sources } = await api(`/api/guilds/${guild.id}/knowledge/sources`);
    list.replaceChildren(sources.length === 0 ? h('p', { class: 'muted' }, 'No web sources yet.') : table(sources));
    const busy = sources.some((s) => s.status === 'pending' || s.status === 'syncing');
    clearTimeout(pollTimer);
    if (busy && polls < POLL_TRIES && list.isConnected !== false) {
      polls += 1;
      pollTimer = setTimeout(() => void refresh().catch(() => undefined), POLL_MS);
    } else if (!busy && watching) {
      polls = 0;
      watching = false;
      await onDocumentsChanged();
    }
  }

  function table(sources) {
    return h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, 'Web sources'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Address'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Last fetched'), h('th', { scope: 'col' }, 'Actions'))),
      h('tbody', {}, sources.map((source) => row(source))),
    );
  }

  function row(source) {
    const problems = source.pageErrors.map((e) => h('li', {}, `${e.url}: ${e.error}`));
    return h(
      'tr',
      {},
      h('td', { 'data-label': 'Address' }, h('a', { href: source.url, target: '_blank', rel: 'noopener noreferrer' }, source.url), h('div', { class: 'muted' }, source.kind === 'sitemap' ? 'Sitemap' : 'Page', ` · every ${source.refreshHours} h`)),
      h(
        'td',
        { 'data-label': 'Status' },
        h('span', { class: `pill ${STATUS_CLASS[source.status] ?? ''}` }, STATUS_TEXT[source.status] ?? source.status),
        ' ',
        `${source.pages} page${source.pages === 1 ? '' : 's'}`,
        source.lastError ? h('div', { class: 'error' }, source.lastError) : null,
        problems.length > 1 ? h('details', {}, h('summary', {}, `${source.pageErrorCount} page errors`), h('ul', {}, problems)) : null,
      ),
      h('td', { 'data-label': 'Last fetched' }, formatTime(source.lastSyncAt), source.nextSyncAt ? h('div', { class: 'muted' }, `next ${formatTime(source.nextSyncAt)}`) : null),
      h(
        'td',
        { 'data-label': 'Actions' },
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'button', class: 'secondary', onclick: () => void syncNow(source) }, 'Sync now', h('span', { class: 'visually-hidden' }, ` ${source.url}`)),
          h('button', { type: 'button', class: 'danger', onclick: () => void remove(source) }, 'Remove', h('span', { class: 'visually-hidden' }, ` ${source.url}`)),
        ),
      ),
    );
  }

  async function syncNow(source) {
    try {
      await api(`/api/guilds/${guild.id}/knowledge/sources/${source.id}/sync`, { method: 'POST' });
      toast(`Fetching ${source.url} again.`);
      await refresh(true);
    } catch (error) {
      toast(error.message, true);
    }
  }

  async function remove(source) {
    if (!confirm(`Remove ${source.url}? Herald deletes the documents it imported from it.`)) return;
    try {
      const removed = await api(`/api/guilds/${guild.id}/knowledge/sources/${source.id}`, { method: 'DELETE' });
      toast(`Removed ${source.url} and ${removed.documents} document${removed.documents === 1 ? '' : 's'}.`);
      await refresh();
      await onDocumentsChanged();
    } catch (error) {
      toast(error.message, true);
    }
  }

  const section = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'sources-heading' },
    h('h2', { id: 'sources-heading' }, 'Web sources'),
    h('p', { class: 'hint' }, 'Herald imports a page, or every page of a sitemap, as documents and fetches them again on its own: changed pages are updated and pages that disappear are removed. Answers link to the page they came from. robots.txt is honoured.'),
    list,
    form,
  );
  return { section, refresh };
}
