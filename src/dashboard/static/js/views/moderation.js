// Moderation: the owner's rules in their own words, which actions Herald may take, dry-run, exemptions chosen by
// name, and the log (filterable by action and member) with the original message and a Reverse button.

import { api, ApiError } from '../api.js';
import { checkbox, clearErrors, field, formatTime, h, pickList, showFieldError, toast } from '../dom.js';
import { loadDirectory } from './setup.js';

const ACTIONS = [
  ['delete', 'Delete the message'],
  ['warn', 'Warn the member (a visible message that mentions only them)'],
  ['timeout', 'Time the member out'],
  ['kick', 'Kick the member'],
  ['ban', 'Ban the member'],
];

export async function renderModeration(root, guild) {
  const [settings, directory] = await Promise.all([api(`/api/guilds/${guild.id}/settings`), loadDirectory(guild.id)]);
  const m = settings.moderation;
  const enabled = checkbox('Moderate messages', m.enabled, { fieldName: 'moderation.enabled', hint: 'Herald checks every member message against your rules, in every channel and response mode.' });
  const rules = h('textarea', { rows: 8 });
  rules.value = m.rules;
  const actionSet = h('fieldset', { dataset: { field: 'moderation.actions' }, id: 'actions-set', tabIndex: -1 }, h('legend', {}, 'What Herald may do'));
  actionSet.append(h('p', { class: 'hint' }, 'Herald never takes an action you have not ticked: it falls back to the strongest ticked action that is not stronger, or does nothing.'));
  const actionBoxes = {};
  for (const [key, label] of ACTIONS) {
    const box = checkbox(label, m.actions[key]);
    actionBoxes[key] = box.querySelector('input');
    actionSet.append(box);
  }
  actionSet.append(h('div', { class: 'error', id: 'actions-set-error', role: 'alert' }));
  const minutes = h('input', { type: 'number', min: 1, max: 40320, value: m.timeoutMinutes });
  const dryRun = checkbox('Dry run', m.dryRun, { fieldName: 'moderation.dryRun', hint: 'Decide and log, but act on nothing: try your rules safely.' });
  const roleOptions = directory.roles.filter((r) => !r.managed).map((r) => ({ id: r.id, label: r.name }));
  const channelOptions = directory.channels.filter((c) => c.type !== 'other').map((c) => ({ id: c.id, label: `#${c.name}` }));
  const exemptRoles = pickList('Roles Herald never acts on', roleOptions, m.exemptRoleIds, { fieldName: 'moderation.exemptRoleIds', empty: 'No roles to choose from yet.' });
  const exemptChannels = pickList('Channels Herald does not check', channelOptions, m.exemptChannelIds, { fieldName: 'moderation.exemptChannelIds', empty: 'Herald cannot see this server’s channels yet.' });
  const review = checkbox('Review strong AI decisions', m.review.enabled, {
    fieldName: 'moderation.review.enabled',
    hint: 'Actions the AI model decides, at or above the level below, wait in the review channel for a moderator to Approve or Dismiss. Rule-based actions are taken at once.',
  });
  const reviewChannel = h('select', {}, h('option', { value: '' }, 'No review channel'), channelOptions.map((c) => h('option', { value: c.id, selected: c.id === m.review.channelId }, c.label)));
  const reviewFrom = h('select', {}, ACTIONS.map(([key]) => h('option', { value: key, selected: key === m.review.from }, key)));
  const automod = checkbox('Mirror rules into Discord AutoMod', m.automod, {
    fieldName: 'moderation.automod',
    hint: 'Banned words, invites and mass mentions are also blocked by Discord before anyone sees them (Herald needs the Manage Server permission). Test a message below to see what does not fit.',
  });

  const form = h(
    'form',
    { class: 'panel', novalidate: true },
    h('h2', {}, 'Rules'),
    enabled,
    field('Your rules', rules, {
      fieldName: 'moderation.rules',
      hint: 'Write them as you would for your members, one per line or as sentences. Herald enforces words, phrases, links, invites, mass mentions and floods by itself; other rules need the AI model.',
    }),
    actionSet,
    field('Timeout length (minutes)', minutes, { fieldName: 'moderation.timeoutMinutes' }),
    dryRun,
    exemptRoles,
    exemptChannels,
    review,
    field('Review channel (also where appeals and AutoMod alerts go)', reviewChannel, { fieldName: 'moderation.review.channelId' }),
    field('Review AI decisions from', reviewFrom, { fieldName: 'moderation.review.from' }),
    automod,
    h('p', { class: 'hint' }, 'The owner, administrators and members with Manage Server are never acted on.'),
    h('button', { type: 'submit' }, 'Save moderation'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const actions = Object.fromEntries(Object.entries(actionBoxes).map(([key, box]) => [key, box.checked]));
    const body = {
      moderation: {
        enabled: enabled.querySelector('input').checked,
        rules: rules.value,
        actions,
        timeoutMinutes: Number(minutes.value),
        dryRun: dryRun.querySelector('input').checked,
        exemptRoleIds: exemptRoles.values(),
        exemptChannelIds: exemptChannels.values(),
        review: { enabled: review.querySelector('input').checked, channelId: reviewChannel.value || null, from: reviewFrom.value },
        automod: automod.querySelector('input').checked,
      },
    };
    try {
      const saved = await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body });
      toast(saved.warnings?.length ? `Saved. ${saved.warnings.join(' ')}` : 'Moderation saved.');
    } catch (error) {
      if (!(error instanceof ApiError) || !showFieldError(form, error)) toast(error.message, true);
    }
  });

  const names = new Map(directory.channels.map((c) => [c.id, `#${c.name}`]));
  const log = h('div', {});
  const actionFilter = h('select', {}, h('option', { value: '' }, 'Any action'), ACTIONS.map(([key]) => h('option', { value: key }, key)));
  const memberFilter = h('input', { type: 'search', placeholder: 'member id' });
  let entries = [];
  const draw = () => {
    const shown = entries.filter((e) => (!actionFilter.value || e.action === actionFilter.value) && (!memberFilter.value.trim() || e.userId.includes(memberFilter.value.trim())));
    if (shown.length === 0) {
      log.replaceChildren(h('p', { class: 'muted' }, entries.length ? 'No entry matches the filter.' : 'Nothing logged yet.'));
      return;
    }
    log.replaceChildren(
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, 'Moderation log'),
        h('thead', {}, h('tr', {}, ['When', 'Action', 'Member', 'Channel', 'Message', 'Why', 'Outcome', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          shown.map((e) =>
            h(
              'tr',
              { dataset: { entryId: e.id } },
              h('td', { 'data-label': 'When' }, formatTime(e.at)),
              h('td', { 'data-label': 'Action' }, e.action),
              h('td', { 'data-label': 'Member' }, e.userId),
              h('td', { 'data-label': 'Channel' }, names.get(e.channelId) ?? e.channelId),
              h('td', { 'data-label': 'Message', class: 'content' }, e.content),
              h('td', { 'data-label': 'Why' }, e.reason, e.rule ? h('div', { class: 'hint' }, `Rule: ${e.rule}`) : null),
              h('td', { 'data-label': 'Outcome' }, h('span', { class: `pill ${e.outcome === 'done' ? 'ok' : e.outcome === 'reversed' ? '' : e.outcome === 'dry-run' ? 'warn' : 'bad'}` }, e.outcome)),
              h(
                'td',
                { 'data-label': 'Undo' },
                (e.action === 'ban' || e.action === 'timeout' || e.action === 'warn') && e.outcome === 'done'
                  ? h('button', { type: 'button', class: 'secondary', onclick: () => void reverse(e) }, 'Reverse', h('span', { class: 'visually-hidden' }, ` ${e.action} of ${e.userId}`))
                  : null,
              ),
            ),
          ),
        ),
      ),
    );
  };
  async function refreshLog() {
    entries = (await api(`/api/guilds/${guild.id}/moderation-log?limit=200`)).entries;
    draw();
  }
  async function reverse(entry) {
    try {
      await api(`/api/guilds/${guild.id}/moderation-log/${entry.id}/reverse`, { method: 'POST' });
      toast(`Reversed the ${entry.action} of ${entry.userId}.`);
      await refreshLog();
    } catch (error) {
      toast(error.message, true);
    }
  }
  // "Test a message": how Herald reads the rules in the box (saved or not) and what it would do; acts on nothing.
  const sample = h('textarea', { rows: 3, placeholder: 'e.g. claim your free-nitro at discord.gg/xyz' });
  const verdict = h('div', { role: 'status' });
  const testForm = h(
    'form',
    { class: 'panel', novalidate: true },
    h('h2', {}, 'Test a message'),
    field('Message to test', sample, { fieldName: 'message.content', hint: 'Uses the rules in the box above, saved or not. Nothing is posted, deleted or counted.' }),
    h('button', { type: 'submit', class: 'secondary' }, 'Test'),
    verdict,
  );
  testForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(testForm);
    try {
      const preview = await api(`/api/guilds/${guild.id}/moderation/preview`, { method: 'POST', body: { rules: rules.value, message: { content: sample.value } } });
      const d = preview.decision;
      // replaceChildren would print a null: the parts go through h(), which skips them.
      verdict.replaceChildren(h('div', {},
        h('p', { class: 'decision' }, h('strong', {}, d.action === 'none' ? 'Herald would do nothing. ' : `Herald would ${d.action}. `), d.reason, d.rule ? h('div', { class: 'hint' }, `Rule: ${d.rule}`) : null),
        h(
          'table',
          {},
          h('caption', {}, 'How Herald reads your rules'),
          h('thead', {}, h('tr', {}, ['Rule', 'Kind', 'Checked without AI', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            preview.rules.map((r) =>
              h('tr', {}, h('td', { 'data-label': 'Rule' }, r.text), h('td', { 'data-label': 'Kind' }, r.kind), h('td', { 'data-label': 'Checked without AI' }, r.offline ? 'yes' : 'no, needs the AI model'), h('td', { 'data-label': 'Action' }, r.action ?? (r.kind === 'ai' ? 'the model decides' : '—'))),
            ),
          ),
        ),
        preview.automod
          ? h(
              'div',
              { class: 'hint' },
              h('p', {}, `Discord AutoMod: ${preview.automod.rules.length} Herald rule(s)${preview.automod.problem ? ` — ${preview.automod.problem}` : ''}.`),
              preview.automod.notFitting.length ? h('ul', {}, preview.automod.notFitting.map((n) => h('li', {}, n))) : null,
            )
          : null,
      ));
    } catch (error) {
      if (!(error instanceof ApiError) || !showFieldError(testForm, error)) toast(error.message, true);
    }
  });

  actionFilter.addEventListener('change', draw);
  memberFilter.addEventListener('input', draw);

  root.replaceChildren(
    form,
    testForm,
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Log'),
      h('div', { class: 'toolbar' }, field('Action', actionFilter), field('Member', memberFilter), h('button', { type: 'button', class: 'secondary', onclick: () => void refreshLog() }, 'Refresh')),
      log,
    ),
  );
  await refreshLog();
}
