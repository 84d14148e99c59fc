// Setup: every guild setting of contract §4 that is not moderation or proactive posts (those have their own
// pages), each explained in a sentence. Saved with PATCH (no page reload); the API's errors show by their field.

import { api, ApiError } from '../api.js';
import { checkbox, clearErrors, field, h, pickList, showFieldError, toast } from '../dom.js';

const MODES = [
  ['mention', 'When mentioned', 'Herald answers when someone @mentions it. Quiet otherwise: the safest start.'],
  ['all', 'All messages', 'Herald reads every message in its channels and answers the ones it can help with.'],
  ['ask', 'Only /ask', 'Herald answers only the /ask slash command; channel messages are left alone (moderation still runs).'],
];

export async function renderSetup(root, guild, session) {
  const [settings, directory] = await Promise.all([api(`/api/guilds/${guild.id}/settings`), loadDirectory(guild.id)]);
  const channelOptions = directory.channels.filter((c) => c.type !== 'other').map((c) => ({ id: c.id, label: `#${c.name}${c.type === 'forum' ? ' (forum)' : ''}` }));
  const roleOptions = directory.roles.filter((r) => !r.managed).map((r) => ({ id: r.id, label: r.name }));

  const modeSet = h('fieldset', { class: 'choices', dataset: { field: 'responseMode' }, tabIndex: -1, id: 'mode-set' }, h('legend', {}, 'When Herald answers'));
  for (const [value, label, explanation] of MODES) {
    const id = `mode-${value}`;
    modeSet.append(
      h(
        'div',
        { class: 'check' },
        h('input', { type: 'radio', name: 'responseMode', id, value, checked: settings.responseMode === value }),
        h('div', {}, h('label', { for: id }, label), h('p', { class: 'hint' }, explanation)),
      ),
    );
  }
  modeSet.append(h('div', { class: 'error', id: 'mode-set-error', role: 'alert' }));

  const smart = checkbox('Smart mode', settings.smartMode, {
    fieldName: 'smartMode',
    hint: 'With "All messages": skip casual chat and answer only questions Herald can help with.',
  });
  const awareness = checkbox('Channel awareness', settings.channelAwareness, {
    fieldName: 'channelAwareness',
    hint: 'With "All messages": Herald reads the channel’s recent conversation, not only the member’s own messages.',
  });
  const channels = pickList('Channels Herald answers in', channelOptions, settings.channels, {
    fieldName: 'channels',
    hint: 'None ticked: every channel Herald can see. Moderation checks every channel whatever you tick here.',
    empty: 'Herald cannot see this server’s channels yet.',
  });
  const agents = pickList('Agent roles', roleOptions, settings.agentRoleIds ?? [], {
    fieldName: 'agentRoleIds',
    hint: 'Members with one of these roles may sign in to this dashboard as agents: they see Live and nothing else.',
    empty: 'No roles to choose from yet.',
  });
  const email = h('input', { type: 'email', value: settings.escalationEmail ?? '', autocomplete: 'email' });
  const perMember = h('input', { type: 'number', min: 1, max: 1000, step: 1, value: settings.memberAnswersPerHour ?? '', placeholder: 'no cap' });
  const bot = settings.customBot;
  const appId = h('input', { type: 'text', value: bot?.applicationId ?? '', inputmode: 'numeric' });
  const publicKey = h('input', { type: 'text', value: bot?.publicKey ?? '', spellcheck: false });
  const botToken = h('input', { type: 'password', value: '', autocomplete: 'off', placeholder: bot?.botTokenSet ? 'stored (type a new one to replace it)' : '' });
  const removeBot = bot ? checkbox('Stop using this custom bot (go back to the shared Herald bot)', false) : null;

  const billing = h(
    'fieldset',
    {},
    h('legend', {}, 'Plan'),
    h('p', {}, `Plan: ${settings.plan} · shared account: ${settings.accountId ?? 'none'} · monthly cap: ${settings.monthlyLimit ?? 'the plan’s'}`),
    h('p', { class: 'hint' }, session.operator ? 'Operators change billing through the API.' : 'Only the operator changes the plan and its limits.'),
  );

  const extras = [];
  if (settings.forums) extras.push(checkbox('Answer new forum posts', settings.forums.enabled, { fieldName: 'forums.enabled', hint: 'Each new post in a forum channel gets an answer in its thread.' }));
  if ('autoThread' in settings) extras.push(checkbox('Answer in a thread', settings.autoThread, { fieldName: 'autoThread', hint: 'A question in a text channel is answered inside a new thread started from it.' }));
  if ('feedback' in settings) extras.push(checkbox('Feedback buttons', settings.feedback, { fieldName: 'feedback', hint: 'Answers carry 👍 / 👎 and a “Talk to a human” button.' }));

  // Tickets (contract §8): a private thread per request for a person, in one channel, pinging only staff roles.
  const tickets = settings.tickets ?? { enabled: false, channelId: null, staffRoleIds: [] };
  const ticketsOn = checkbox('Open a private ticket thread', tickets.enabled, { hint: '“Talk to a human” (or asking for a person) opens a private thread with the member and your staff.' });
  const ticketChannel = h(
    'select',
    {},
    h('option', { value: '' }, '(choose a channel)'),
    channelOptions.filter((c) => !c.label.endsWith('(forum)')).map((c) => h('option', { value: c.id, selected: c.id === tickets.channelId }, c.label)),
  );
  const staffRoles = pickList('Staff roles pinged in a new ticket', roleOptions, tickets.staffRoleIds, { fieldName: 'tickets.staffRoleIds', hint: 'Only these roles are pinged; never @everyone.', empty: 'No roles to choose from yet.' });
  const ticketPanel = h(
    'section',
    { class: 'panel' },
    h('h2', {}, 'Tickets'),
    ticketsOn,
    field('Tickets channel', ticketChannel, { fieldName: 'tickets.channelId', hint: 'Ticket threads are created here. Herald needs Create Private Threads and Manage Threads in it.' }),
    staffRoles,
  );

  const form = h(
    'form',
    { novalidate: true },
    h('section', { class: 'panel' }, h('h2', {}, 'Answers'), modeSet, smart, awareness, channels, ...extras),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'People'),
      agents,
      field('Escalation e-mail', email, { fieldName: 'escalationEmail', hint: 'Where Herald writes when a member asks for a person. Empty: no e-mail.' }),
      field('Answers per member per hour', perMember, {
        fieldName: 'memberAnswersPerHour',
        hint: 'So one very busy member cannot spend the month’s quota: past this, Herald tells them once and stays quiet for the hour. Empty: no cap.',
      }),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Custom bot'),
      h('p', { class: 'hint' }, 'Use your own Discord application instead of the shared Herald bot: its name and avatar answer your members.'),
      field('Application id', appId, { fieldName: 'customBot.applicationId' }),
      field('Public key', publicKey, { fieldName: 'customBot.publicKey', hint: 'From the application’s General Information page (64 hexadecimal characters).' }),
      field('Bot token', botToken, { fieldName: 'customBot.botToken', hint: 'Write-only: Herald never shows it again.' }),
      removeBot,
    ),
    ticketPanel,
    h('section', { class: 'panel' }, billing),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save settings'), h('span', { class: 'muted', id: 'saved-state' })),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const patch = {
      responseMode: form.querySelector('input[name=responseMode]:checked')?.value ?? settings.responseMode,
      smartMode: smart.querySelector('input').checked,
      channelAwareness: awareness.querySelector('input').checked,
      channels: channels.values(),
      agentRoleIds: agents.values(),
      escalationEmail: email.value.trim() === '' ? null : email.value.trim(),
      memberAnswersPerHour: perMember.value.trim() === '' ? null : Number(perMember.value),
    };
    for (const extra of extras) {
      const input = extra.querySelector('input');
      const [top, sub] = input.dataset.field.split('.');
      if (sub) patch[top] = { ...(patch[top] ?? {}), [sub]: input.checked };
      else patch[top] = input.checked;
    }
    patch.tickets = { enabled: ticketsOn.querySelector('input').checked, channelId: ticketChannel.value || null, staffRoleIds: staffRoles.values() };
    if (removeBot?.querySelector('input').checked) patch.customBot = null;
    else if (appId.value.trim() || publicKey.value.trim() || botToken.value) {
      const changed = !bot || appId.value.trim() !== bot.applicationId || publicKey.value.trim() !== bot.publicKey || botToken.value;
      if (changed) patch.customBot = { applicationId: appId.value.trim(), publicKey: publicKey.value.trim(), botToken: botToken.value };
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: patch });
      botToken.value = '';
      form.querySelector('#saved-state').textContent = `Saved at ${new Date().toLocaleTimeString()}`;
      toast('Settings saved.');
    } catch (error) {
      if (!(error instanceof ApiError) || !showFieldError(form, error)) toast(error.message, true);
    } finally {
      button.disabled = false;
    }
  });
  root.replaceChildren(form);
}

export async function loadDirectory(guildId) {
  try {
    return await api(`/api/guilds/${guildId}/directory`);
  } catch {
    return { channels: [], roles: [] };
  }
}
