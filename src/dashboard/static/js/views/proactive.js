// Proactive posts: Herald posts something useful from the knowledge base on a schedule. Channel, frequency,
// topics, "Send a test post now", the next post and the last error.

import { api, ApiError } from '../api.js';
import { checkbox, clearErrors, field, formatTime, h, showFieldError, toast } from '../dom.js';
import { loadDirectory } from './setup.js';

const FREQUENCIES = [
  ['2h', 'Every 2 hours'],
  ['4h', 'Every 4 hours'],
  ['6h', 'Every 6 hours'],
  ['12h', 'Every 12 hours'],
  ['daily', 'Daily'],
  ['2d', 'Every 2 days'],
  ['weekly', 'Weekly'],
];

export async function renderProactive(root, guild) {
  const [settings, directory] = await Promise.all([api(`/api/guilds/${guild.id}/settings`), loadDirectory(guild.id)]);
  const p = settings.proactive;
  const status = h('div', {});
  const enabled = checkbox('Post on a schedule', p.enabled, { fieldName: 'proactive.enabled' });
  const textChannels = directory.channels.filter((c) => c.type === 'text' || c.type === 'announcement');
  const channel =
    textChannels.length > 0
      ? h('select', {}, textChannels.map((c) => h('option', { value: c.name, selected: c.name === p.channel }, `#${c.name}`)))
      : h('input', { type: 'text', value: p.channel });
  if (textChannels.length > 0 && !textChannels.some((c) => c.name === p.channel)) channel.prepend(h('option', { value: p.channel, selected: true }, `#${p.channel} (not found)`));
  const frequency = h('select', {}, FREQUENCIES.map(([value, label]) => h('option', { value, selected: value === p.frequency }, label)));
  const topics = h('textarea', { rows: 4 });
  topics.value = p.topics;
  const form = h(
    'form',
    { class: 'panel', novalidate: true },
    enabled,
    field('Channel', channel, { fieldName: 'proactive.channel' }),
    field('How often', frequency, { fieldName: 'proactive.frequency' }),
    field('Topics', topics, { fieldName: 'proactive.topics', hint: 'One per line, e.g. “tips for new members”. Empty: Herald picks from the knowledge base.' }),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save'), h('button', { type: 'button', class: 'secondary', onclick: () => void sendTest() }, 'Send a test post now')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await api(`/api/guilds/${guild.id}/settings`, {
        method: 'PATCH',
        body: { proactive: { enabled: enabled.querySelector('input').checked, channel: channel.value, frequency: frequency.value, topics: topics.value } },
      });
      toast('Proactive posts saved.');
      await refresh();
    } catch (error) {
      if (!(error instanceof ApiError) || !showFieldError(form, error)) toast(error.message, true);
    }
  });
  async function sendTest() {
    try {
      const posted = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
      toast(`Posted: ${posted.content.slice(0, 120)}`);
    } catch (error) {
      toast(error.message, true);
    }
    await refresh();
  }
  async function refresh() {
    const s = await api(`/api/guilds/${guild.id}/proactive`);
    status.replaceChildren(
      h(
        'dl',
        {},
        h('dt', {}, 'Next post'),
        h('dd', {}, s.enabled ? formatTime(s.nextAt) : 'off'),
        h('dt', {}, 'Last post'),
        h('dd', {}, formatTime(s.lastPostAt)),
        h('dt', {}, 'Last error'),
        h('dd', {}, s.lastError ? h('span', { class: 'pill bad' }, s.lastError) : 'none'),
      ),
    );
  }
  root.replaceChildren(form, h('section', { class: 'panel', 'aria-live': 'polite' }, h('h2', {}, 'Status'), status));
  await refresh();
}
