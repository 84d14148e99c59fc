// The guild picker: the servers this person may manage or staff, with "Add to Discord" where Herald is missing.

import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';

export function renderGuildPicker(session) {
  const guilds = session.me.guilds;
  const cards = guilds.map((guild) =>
    h(
      'li',
      { class: 'card' },
      h('h2', {}, guild.name),
      h('span', { class: 'role' }, guild.role === 'admin' ? 'You set Herald up here' : 'You are an agent here'),
      guild.installed
        ? h('a', { class: 'button', href: `#/g/${guild.id}/${guild.role === 'agent' ? 'live' : 'setup'}` }, `Open ${guild.name}`)
        : h(
            'div',
            { class: 'row' },
            h('span', { class: 'pill warn' }, 'Herald is not in this server yet'),
            h('button', { type: 'button', onclick: () => void addToDiscord(guild.id) }, 'Add to Discord'),
            h('a', { class: 'button secondary', href: `#/g/${guild.id}/setup` }, 'Set up anyway'),
          ),
    ),
  );
  mount(
    h('h1', {}, 'Your servers'),
    guilds.length === 0
      ? h('p', { class: 'panel' }, 'No server to show: you need to own it, have Manage Server there, or hold one of its agent roles.')
      : h('ul', { class: 'grid', style: 'list-style:none;padding:0' }, cards),
  );
  document.title = 'Your servers · Herald';
}

async function addToDiscord(guildId) {
  try {
    const { url } = await api(`/api/install?guildId=${guildId}`, { accept: 'application/json' });
    location.href = url;
  } catch (error) {
    toast(error.message, true);
  }
}
