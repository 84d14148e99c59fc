// Talks to Herald's API: with the dashboard's session cookie (signed in with Discord) or with a token the person
// pasted (kept in this tab's sessionStorage only). Errors come back as ApiError with the API's `field`.

const TOKEN_KEY = 'herald_token';

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field ?? null;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export async function api(path, { method = 'GET', body, accept } = {}) {
  const headers = {};
  const bearer = token();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (accept) headers.accept = accept;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, (data && data.error) || `${method} ${path} answered ${response.status}`, data && data.field);
  return data;
}

/** Opens the live WebSocket: the cookie rides along; a token needs a short single-use ticket first. */
export async function openLiveSocket(guildId) {
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/guilds/${guildId}/live`;
  if (!token()) return new WebSocket(base);
  const { ticket } = await api(`/api/guilds/${guildId}/live/ticket`, { method: 'POST' });
  return new WebSocket(`${base}?ticket=${encodeURIComponent(ticket)}`);
}
