// Sign in: with Discord (when the operator configured it), or with a token (ADMIN_TOKEN or a guild token).

import { api, ApiError, setToken } from '../api.js';
import { field, h, mount } from '../dom.js';

export function renderSignIn(onSignedIn) {
  const input = h('input', { type: 'password', autocomplete: 'off', spellcheck: false, name: 'token' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        setToken(input.value.trim());
        try {
          await api('/api/me');
          await onSignedIn();
        } catch (problem) {
          setToken(null);
          error.textContent = problem instanceof ApiError && problem.status === 401 ? 'That token was not accepted.' : problem.message;
          input.setAttribute('aria-invalid', 'true');
          input.focus();
        }
      },
    },
    field('Token', input, { hint: 'The operator’s ADMIN_TOKEN, or a guild token an admin gave you. It stays in this tab only.' }),
    error,
    h('button', { type: 'submit' }, 'Sign in with the token'),
  );
  mount(
    h(
      'section',
      { class: 'signin panel', 'aria-labelledby': 'signin-title' },
      h('h1', { id: 'signin-title' }, 'Sign in to Herald'),
      h('p', {}, 'Set Herald up for your Discord server, read its moderation log, and take over conversations live.'),
      h('p', {}, h('a', { class: 'button', href: '/auth/login', id: 'discord-signin' }, 'Sign in with Discord')),
      h('p', { class: 'hint' }, 'Server owners and members with Manage Server set Herald up; members with an agent role see Live.'),
      h('h2', {}, 'Or with a token'),
      form,
    ),
  );
}
