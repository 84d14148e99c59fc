// Knowledge: the documents Herald answers from. List, read, add (title and text, or a Markdown/text file), delete.

import { api, ApiError } from '../api.js';
import { clearErrors, field, formatTime, h, showFieldError, toast } from '../dom.js';
import { renderSources } from './sources.js';

export async function renderKnowledge(root, guild) {
  const list = h('div', {});
  const viewer = h('section', { class: 'panel', hidden: true, 'aria-live': 'polite' });
  const title = h('input', { type: 'text', required: true, maxlength: 200 });
  const content = h('textarea', { required: true, rows: 10 });
  const file = h('input', { type: 'file', accept: '.md,.markdown,.txt,.html,text/plain,text/markdown,text/html' });
  // An HTML file is sent as HTML, so Herald keeps its text and headings, not its tags.
  let format;
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    format = /\.html?$/i.test(chosen.name) || chosen.type === 'text/html' ? 'html' : /\.(md|markdown)$/i.test(chosen.name) ? 'markdown' : 'text';
    content.value = await chosen.text();
    if (!title.value) title.value = chosen.name.replace(/\.[^.]+$/, '');
  });
  const form = h(
    'form',
    { class: 'panel', novalidate: true },
    h('h2', {}, 'Add a document'),
    field('Title', title, { fieldName: 'title' }),
    field('Text', content, { fieldName: 'content', hint: 'Plain text or Markdown; headings help Herald find the right passage. Up to 200,000 characters.' }),
    field('Or load a file', file, { hint: 'A Markdown, text or HTML file from your computer fills the text above.' }),
    h('button', { type: 'submit' }, 'Add document'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const added = await api(`/api/guilds/${guild.id}/knowledge`, { method: 'POST', body: { title: title.value, content: content.value, format } });
      toast(`Added “${added.title}” (${added.passages} passage${added.passages === 1 ? '' : 's'}).`);
      title.value = '';
      content.value = '';
      file.value = '';
      format = undefined;
      await refresh();
    } catch (error) {
      if (!(error instanceof ApiError) || !showFieldError(form, error)) toast(error.message, true);
    }
  });

  async function refresh() {
    const { documents } = await api(`/api/guilds/${guild.id}/knowledge`);
    if (documents.length === 0) {
      list.replaceChildren(h('p', { class: 'panel' }, 'No documents yet. Herald answers “I don’t know” until you add some.'));
      return;
    }
    list.replaceChildren(
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, 'Knowledge-base documents'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Size'), h('th', { scope: 'col' }, 'Added'), h('th', { scope: 'col' }, 'Actions'))),
        h(
          'tbody',
          {},
          documents.map((doc) =>
            h(
              'tr',
              {},
              h('td', { 'data-label': 'Title' }, doc.title, doc.url ? h('div', {}, h('a', { href: doc.url, target: '_blank', rel: 'noopener noreferrer', class: 'muted' }, doc.url)) : null),
              h('td', { 'data-label': 'Size' }, `${doc.chars.toLocaleString()} characters, ${doc.passages} passage${doc.passages === 1 ? '' : 's'}`),
              h('td', { 'data-label': 'Added' }, formatTime(doc.createdAt)),
              h(
                'td',
                { 'data-label': 'Actions' },
                h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', onclick: () => void view(doc.id) }, `View`, h('span', { class: 'visually-hidden' }, ` ${doc.title}`)), h('button', { type: 'button', class: 'danger', onclick: () => void remove(doc) }, 'Delete', h('span', { class: 'visually-hidden' }, ` ${doc.title}`))),
              ),
            ),
          ),
        ),
      ),
    );
  }

  async function view(docId) {
    const doc = await api(`/api/guilds/${guild.id}/knowledge/${docId}`);
    viewer.hidden = false;
    viewer.replaceChildren(
      h('div', { class: 'row' }, h('h2', { style: 'flex:1' }, doc.title), h('button', { type: 'button', class: 'secondary', onclick: () => (viewer.hidden = true) }, 'Close')),
      h('pre', { style: 'white-space:pre-wrap;max-height:24rem;overflow:auto', tabIndex: 0 }, doc.content),
    );
    viewer.querySelector('button').focus();
  }

  async function remove(doc) {
    if (!confirm(`Delete “${doc.title}”? Herald stops answering from it at once.`)) return;
    try {
      await api(`/api/guilds/${guild.id}/knowledge/${doc.id}`, { method: 'DELETE' });
      toast(`Deleted “${doc.title}”.`);
      viewer.hidden = true;
      await refresh();
    } catch (error) {
      toast(error.message, true);
    }
  }

  const sources = renderSources(guild, { onDocumentsChanged: () => refresh() });
  root.replaceChildren(h('h2', {}, 'Documents'), list, viewer, sources.section, form);
  await Promise.all([refresh(), sources.refresh()]);
}
