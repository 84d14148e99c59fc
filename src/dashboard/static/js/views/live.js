// Live: every conversation as it happens (contract §5). One click takes a conversation over (the AI stays out),
// a reply box posts as the bot, Release hands it back, and a countdown shows when the AI resumes on its own.
// Escalations (a member asking for a person) are highlighted and announced in the title and, if allowed, as a
// notification.

import { api, openLiveSocket } from '../api.js';
import { announce, formatTime, h, toast } from '../dom.js';
import { loadDirectory } from './setup.js';

let socket = null;
let ticker = null;
let stopped = false;

export function stopLive() {
  stopped = true;
  if (socket) socket.close(1000, 'left the page');
  socket = null;
  clearInterval(ticker);
  document.title = document.title.replace(/^\(\d+\) /, '');
}

export async function renderLive(root, guild) {
  stopped = false;
  if (guild.role === 'admin') {
    const settings = await api(`/api/guilds/${guild.id}/settings`).catch(() => null);
    if (settings?.plan === 'starter') {
      root.replaceChildren(h('p', { class: 'panel' }, 'Live monitoring and takeover come with the standard and pro plans. This server is on the starter plan: ask the operator to upgrade it.'));
      return;
    }
  }
  const directory = await loadDirectory(guild.id);
  const channelName = (id) => {
    const channel = directory.channels.find((c) => c.id === id);
    return channel ? `#${channel.name}` : `channel ${id}`;
  };
  /** conversationId → { channelId, userId, messages: [], heldBy, releaseAt, escalated, mine } */
  const conversations = new Map();
  let selected = null;
  let unseenEscalations = 0;
  const pendingTakeovers = new Set();

  const statusLine = h('p', { class: 'muted', role: 'status' }, 'Connecting…');
  const list = h('ul', { class: 'conv-list', 'aria-label': 'Conversations' });
  const pane = h('div', {});
  root.replaceChildren(
    h('div', { class: 'row' }, statusLine, window.Notification && Notification.permission === 'default' ? h('button', { type: 'button', class: 'link', onclick: () => void Notification.requestPermission() }, 'Notify me of escalations') : null),
    h('div', { class: 'live' }, h('section', { 'aria-labelledby': 'conv-title' }, h('h2', { id: 'conv-title' }, 'Conversations'), list), h('section', { 'aria-label': 'Selected conversation' }, pane)),
  );

  function conv(id, seed = {}) {
    let c = conversations.get(id);
    if (!c) {
      const [channelId, userId] = id.split(':');
      c = { channelId, userId, messages: [], heldBy: null, releaseAt: null, escalated: false, mine: false, turns: 0, ...seed };
      conversations.set(id, c);
    }
    return c;
  }

  function drawList() {
    const items = [...conversations.entries()].sort((a, b) => Number(b[1].escalated) - Number(a[1].escalated) || (b[1].lastAt ?? '').localeCompare(a[1].lastAt ?? ''));
    list.replaceChildren(
      ...items.map(([id, c]) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: c.escalated ? 'escalated' : '', 'aria-pressed': String(id === selected), dataset: { conversationId: id }, onclick: () => select(id) },
            h('strong', {}, `Member ${c.userId}`),
            h('div', { class: 'hint' }, channelName(c.channelId)),
            c.escalated ? h('span', { class: 'pill warn' }, 'wants a person') : null,
            c.heldBy ? h('span', { class: 'pill ok' }, c.mine ? 'you hold it' : `held by ${c.heldBy}`) : null,
          ),
        ),
      ),
    );
    if (items.length === 0) list.replaceChildren(h('li', { class: 'muted' }, 'No conversation yet. Messages appear here as members write.'));
  }

  function drawPane() {
    const c = selected ? conversations.get(selected) : null;
    if (!c) {
      pane.replaceChildren(h('p', { class: 'muted' }, 'Choose a conversation to follow it.'));
      return;
    }
    const messages = h(
      'div',
      { class: 'messages', tabIndex: 0, 'aria-label': 'Messages', 'aria-live': 'polite' },
      c.turns && c.messages.length === 0 ? h('p', { class: 'msg note' }, `${c.turns} earlier messages (before you opened Live).`) : null,
      c.messages.map((m) => h('p', { class: `msg ${m.author}` }, h('span', { class: 'who' }, m.author === 'user' ? `Member ${c.userId}` : m.author === 'bot' ? 'Herald' : 'Agent'), m.content, h('span', { class: 'hint' }, ` · ${formatTime(m.at)}`))),
    );
    const reply = h('textarea', { rows: 3, id: 'reply-box', disabled: !c.mine, maxlength: 2000 });
    const form = h(
      'form',
      {
        class: 'reply-form',
        onsubmit: (event) => {
          event.preventDefault();
          const content = reply.value.trim();
          if (!content || !c.mine) return;
          send({ type: 'reply', conversationId: selected, content });
          reply.value = '';
        },
      },
      h('label', { for: 'reply-box' }, c.mine ? 'Reply as the bot' : 'Take the conversation over to reply'),
      reply,
      h('button', { type: 'submit', disabled: !c.mine }, 'Send reply'),
    );
    const actions = h(
      'div',
      { class: 'row' },
      c.mine
        ? h('button', { type: 'button', class: 'secondary', onclick: () => send({ type: 'release', conversationId: selected }) }, 'Release to the AI')
        : h('button', { type: 'button', disabled: Boolean(c.heldBy), onclick: () => takeOver(selected) }, c.heldBy ? `Held by ${c.heldBy}` : 'Take over'),
      c.releaseAt ? h('span', { class: 'countdown', id: 'countdown', dataset: { releaseAt: c.releaseAt } }) : null,
    );
    pane.replaceChildren(h('h2', {}, `Member ${c.userId} in ${channelName(c.channelId)}`), actions, messages, form);
    messages.scrollTop = messages.scrollHeight;
    tick();
  }

  function select(id) {
    selected = id;
    const c = conversations.get(id);
    if (c?.escalated) {
      c.escalated = false;
      unseenEscalations = Math.max(0, unseenEscalations - 1);
      updateTitle();
    }
    drawList();
    drawPane();
  }

  function takeOver(id) {
    pendingTakeovers.add(id);
    send({ type: 'takeover', conversationId: id });
  }

  function send(message) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      toast('Not connected to Live; reconnecting…', true);
      return;
    }
    socket.send(JSON.stringify(message));
  }

  function updateTitle() {
    document.title = document.title.replace(/^\(\d+\) /, '');
    if (unseenEscalations > 0) document.title = `(${unseenEscalations}) ${document.title}`;
  }

  function tick() {
    const el = document.getElementById('countdown');
    if (!el) return;
    const left = Math.max(0, Date.parse(el.dataset.releaseAt) - Date.now());
    const minutes = Math.floor(left / 60_000);
    const seconds = Math.floor((left % 60_000) / 1000);
    el.textContent = `AI resumes in ${minutes}:${String(seconds).padStart(2, '0')} unless an agent acts`;
  }

  let refreshTimer = null;
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refresh(), 250);
  }

  async function refresh() {
    const { conversations: rows } = await api(`/api/guilds/${guild.id}/conversations`);
    for (const row of rows) {
      const c = conv(row.conversationId);
      c.turns = row.turns;
      c.lastAt = row.lastAt;
      c.heldBy = row.heldBy;
      c.releaseAt = row.releaseAt ?? null;
      if (!row.held) c.mine = false;
    }
    drawList();
    drawPane();
  }

  function onServerMessage(data) {
    const message = JSON.parse(data);
    switch (message.type) {
      case 'message': {
        const c = conv(message.conversationId);
        c.messages.push({ author: message.author, content: message.content, at: message.at });
        c.messages = c.messages.slice(-200);
        c.lastAt = message.at;
        if (message.author !== 'user') refreshSoon();
        break;
      }
      case 'takeover': {
        const c = conv(message.conversationId);
        c.heldBy = message.by;
        c.mine = pendingTakeovers.delete(message.conversationId) || c.mine;
        announce(`${message.by} took over the conversation with member ${c.userId}.`);
        refreshSoon();
        break;
      }
      case 'released': {
        const c = conv(message.conversationId);
        c.heldBy = null;
        c.mine = false;
        c.releaseAt = null;
        announce(`The AI resumed the conversation with member ${c.userId}${message.reason === 'timeout' ? ' (agent silent too long)' : ''}.`);
        break;
      }
      case 'escalation': {
        const c = conv(message.conversationId);
        if (!c.escalated) unseenEscalations += 1;
        c.escalated = true;
        updateTitle();
        announce(`Member ${c.userId} wants to talk to a person.`);
        if (window.Notification && Notification.permission === 'granted') new Notification('Herald: a member wants a person', { body: `${channelName(c.channelId)}: ${message.reason}` });
        break;
      }
      case 'error':
        toast(message.error ?? 'That did not work.', true);
        pendingTakeovers.clear();
        break;
      default:
        return;
    }
    drawList();
    if (selected === message.conversationId || message.type === 'error') drawPane();
  }

  async function connect(attempt = 0) {
    if (stopped) return;
    try {
      socket = await openLiveSocket(guild.id);
    } catch (error) {
      statusLine.textContent = `Could not connect: ${error.message}`;
      return;
    }
    const ws = socket;
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      statusLine.textContent = 'Connected: conversations update live.';
      attempt = 0;
    });
    ws.addEventListener('message', (event) => onServerMessage(event.data));
    ws.addEventListener('close', () => {
      if (stopped || ws !== socket) return;
      // Refused before it ever opened, again and again: not a network blip (a plan without Live, a revoked token).
      if (!opened && attempt >= 2) {
        statusLine.textContent = 'Live is not available to you here (it needs the standard or pro plan, and a valid sign-in).';
        return;
      }
      statusLine.textContent = 'Disconnected; reconnecting…';
      setTimeout(() => void connect(attempt + 1), Math.min(10_000, 1000 * 2 ** attempt));
    });
  }

  await refresh();
  drawPane();
  ticker = setInterval(tick, 1000);
  await connect();
}
