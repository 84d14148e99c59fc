// Insights: what members asked over the last days, how much Herald could answer, their 👍 / 👎, how often they
// wanted a person, and the questions Herald could not answer most often (what to write next).

import { api } from '../api.js';
import { formatTime, h } from '../dom.js';

const WINDOWS = [7, 30, 90];

export async function renderInsights(root, guild, _session, days = 30) {
  const data = await api(`/api/guilds/${guild.id}/insights?days=${days}`);
  const share = data.questions === 0 ? 0 : Math.round((data.answered / data.questions) * 100);
  const picker = h(
    'div',
    { class: 'row', role: 'group', 'aria-label': 'Period' },
    WINDOWS.map((n) =>
      h('button', { type: 'button', class: n === days ? '' : 'secondary', 'aria-pressed': String(n === days), onclick: () => void renderInsights(root, guild, _session, n) }, `Last ${n} days`),
    ),
  );
  const stat = (label, value) => h('div', { class: 'stat' }, h('strong', {}, String(value)), h('span', {}, label));
  root.replaceChildren(
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, `Last ${data.days} days`),
      picker,
      h(
        'div',
        { class: 'stats' },
        stat('questions asked', data.questions),
        stat(`answered (${share}%)`, data.answered),
        stat('had nothing relevant', data.unanswered),
        stat('voted helpful', data.feedback.up),
        stat('voted not helpful', data.feedback.down),
        stat('asked for a person', data.escalations),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Most frequent unanswered questions'),
      h('p', { class: 'hint' }, 'Questions Herald had nothing relevant for, grouped by wording. Add a knowledge document that answers them.'),
      data.topUnanswered.length === 0
        ? h('p', { class: 'muted' }, 'None in this period.')
        : h(
            'table',
            { class: 'list' },
            h('caption', { class: 'visually-hidden' }, 'Most frequent unanswered questions'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, 'Times asked'), h('th', { scope: 'col' }, 'Last asked'))),
            h('tbody', {}, data.topUnanswered.map((q) => h('tr', {}, h('td', { 'data-label': 'Question' }, q.question), h('td', { 'data-label': 'Times asked' }, String(q.count)), h('td', { 'data-label': 'Last asked' }, formatTime(q.lastAskedAt))))),
          ),
    ),
  );
}
