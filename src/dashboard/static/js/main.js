// The dashboard's entry: who is signed in (GET /api/me), then a hash route: the guild picker (#/) or one guild's
// page (#/g/<guildId>/<tab>). Agents see only Live; operators also see the gateway.

import { api, ApiError, setToken, token } from './api.js';
import { h, mount } from './dom.js';
import { renderGuildPicker } from './views/guilds.js';
import { renderSignIn } from './views/signin.js';
import { renderGateway } from './views/gateway.js';
import { renderInsights } from './views/insights.js';
import { renderKnowledge } from './views/knowledge.js';
import { renderLive, stopLive } from './views/live.js';
import { renderModeration } from './views/moderation.js';
import { renderProactive } from './views/proactive.js';
import { renderSetup } from './views/setup.js';
import { renderUsage } from './views/usage.js';

const ADMIN_TABS = [
  ['setup', 'Setup', renderSetup],
  ['knowledge', 'Knowledge', renderKnowledge],
  ['moderation', 'Moderation', renderModeration],
  ['proactive', 'Proactive posts', renderProactive],
  ['usage', 'Usage', renderUsage],
  ['insights', 'Insights', renderInsights],
  ['live', 'Live', renderLive],
];
const GATEWAY_TAB = ['gateway', 'Gateway', renderGateway];

export const session = { me: null, operator: false };

async function loadSession() {
  try {
    session.me = await api('/api/me');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      session.me = null;
      return;
    }
    throw error;
  }
  session.operator = false;
  if (token() && !session.me.user) {
    try {
      await api('/api/gateway/status');
      session.operator = true;
    } catch {
      session.operator = false;
    }
  }
}

function renderHeader() {
  const who = document.getElementById('who');
  const out = document.getElementById('sign-out');
  if (!session.me) {
    who.textContent = '';
    out.hidden = true;
    return;
  }
  who.textContent = session.me.user ? `Signed in as ${session.me.user.username}` : session.operator ? 'Operator' : 'Signed in with a token';
  out.hidden = false;
}

async function signOut() {
  stopLive();
  if (token()) setToken(null);
  else await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
  session.me = null;
  location.hash = '#/';
  await route();
}

export async function route() {
  stopLive();
  renderHeader();
  document.getElementById('guild-name').textContent = '';
  if (!session.me) return renderSignIn(async () => {
    await loadSession();
    renderHeader();
    await route();
  });
  const match = /^#\/g\/(\d+)(?:\/([a-z]+))?/.exec(location.hash);
  if (!match) return renderGuildPicker(session);
  const guild = session.me.guilds.find((g) => g.id === match[1]);
  if (!guild) {
    mount(h('h1', {}, 'Not available'), h('p', {}, 'You do not manage this server.'), h('a', { href: '#/' }, 'Back to your servers'));
    return;
  }
  document.getElementById('guild-name').textContent = guild.name;
  const tabs = guild.role === 'agent' ? ADMIN_TABS.filter(([key]) => key === 'live') : [...ADMIN_TABS, ...(session.operator ? [GATEWAY_TAB] : [])];
  const current = tabs.find(([key]) => key === match[2]) ?? tabs[0];
  const nav = h(
    'nav',
    { class: 'tabs', 'aria-label': 'Sections' },
    tabs.map(([key, label]) => h('a', { href: `#/g/${guild.id}/${key}`, 'aria-current': key === current[0] ? 'page' : undefined }, label)),
  );
  const body = h('div', {});
  mount(h('h1', {}, `${guild.name}: ${current[1]}`), nav, body);
  document.title = `${current[1]} · ${guild.name} · Herald`;
  try {
    await current[2](body, guild, session);
  } catch (error) {
    body.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not load this page: ${error.message}`));
  }
}

window.addEventListener('hashchange', () => void route());
document.getElementById('sign-out').addEventListener('click', () => void signOut());

(async () => {
  await loadSession();
  await route();
  document.getElementById('main').focus();
})();
