// Usage: this month's counted messages against the quota (a bar) and per day (a chart), by kind.

import { api } from '../api.js';
import { formatTime, h } from '../dom.js';

export async function renderUsage(root, guild) {
  const u = await api(`/api/guilds/${guild.id}/usage`);
  const share = Math.min(100, Math.round((u.used / Math.max(1, u.limit)) * 100));
  const days = daysOfMonth(u.month);
  const counts = new Map((u.byDay ?? []).map((d) => [d.day, d.count]));
  const peak = Math.max(1, ...counts.values());
  root.replaceChildren(
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, `This month (${u.month})`),
      h('p', {}, `${u.used.toLocaleString()} of ${u.limit.toLocaleString()} messages used on the ${u.plan} plan${u.accountId ? ` (shared by account ${u.accountId})` : ''}.`),
      h('div', { class: `bar${u.exhausted ? ' full' : ''}`, role: 'progressbar', 'aria-label': 'Messages used this month', 'aria-valuemin': 0, 'aria-valuemax': u.limit, 'aria-valuenow': u.used }, h('span', { style: `width:${share}%` })),
      u.exhausted ? h('p', { class: 'error' }, `The quota is spent: Herald stays quiet until ${formatTime(u.resetsAt)}.`) : h('p', { class: 'hint' }, `Resets ${formatTime(u.resetsAt)}.`),
      h('p', {}, `Answers ${u.byKind.answer} · moderation checks ${u.byKind.moderation} · proactive posts ${u.byKind.proactive}`),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Per day'),
      h(
        'div',
        { class: 'chart', role: 'img', 'aria-label': `Messages per day this month; busiest day ${peak}` },
        days.map((day) => h('span', { title: `${day}: ${counts.get(day) ?? 0}`, style: `height:${((counts.get(day) ?? 0) / peak) * 100}%` })),
      ),
      h(
        'table',
        { class: 'visually-hidden' },
        h('caption', {}, 'Messages per day'),
        h('tbody', {}, [...counts].map(([day, count]) => h('tr', {}, h('th', { scope: 'row' }, day), h('td', {}, count)))),
      ),
    ),
  );
}

function daysOfMonth(month) {
  const [year, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}
