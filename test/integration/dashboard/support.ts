// Signing in to the dashboard with Discord through the simulator's OAuth2 pages, as a browser would: the worker's
// /auth/login, the simulator's authorize page (choosing a member), then /auth/callback with the state cookie.

import { SELF } from 'cloudflare:test';
import { inject } from 'vitest';

export const ORIGIN = 'http://herald.test';

/** Cookie header value from Set-Cookie lines (name=value only). */
export function cookiesOf(response: Response): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair!.indexOf('=');
    jar[pair!.slice(0, index)] = pair!.slice(index + 1);
  }
  return jar;
}

export async function startLogin(): Promise<{ authorizeUrl: URL; stateCookie: string }> {
  const login = await SELF.fetch(`${ORIGIN}/auth/login`, { redirect: 'manual' });
  if (login.status !== 302) throw new Error(`/auth/login answered ${login.status}`);
  return { authorizeUrl: new URL(login.headers.get('location')!), stateCookie: cookiesOf(login).herald_oauth_state! };
}

/** The simulator's "Sign in as <member>" link: returns where it redirects (our callback with code and state). */
export async function approveAs(authorizeUrl: URL, userId: string): Promise<URL> {
  const approve = new URL('/oauth2/authorize/approve', inject('simulatorUrl'));
  for (const [key, value] of authorizeUrl.searchParams) approve.searchParams.set(key, value);
  approve.searchParams.set('user_id', userId);
  const response = await fetch(approve, { redirect: 'manual' });
  if (response.status !== 302) throw new Error(`simulator approve answered ${response.status}: ${await response.text()}`);
  return new URL(response.headers.get('location')!);
}

/** Signs in as `userId`; returns the session cookie's value. */
export async function signInAs(userId: string): Promise<string> {
  const { authorizeUrl, stateCookie } = await startLogin();
  const callback = await approveAs(authorizeUrl, userId);
  const response = await SELF.fetch(callback.toString(), { redirect: 'manual', headers: { cookie: `herald_oauth_state=${stateCookie}` } });
  if (response.status !== 302) throw new Error(`/auth/callback answered ${response.status}: ${await response.text()}`);
  const session = cookiesOf(response).herald_session;
  if (!session) throw new Error('no herald_session cookie');
  return session;
}

/** A dashboard request with the session cookie (and the dashboard's own Origin unless told otherwise). */
export function asUser(session: string, path: string, init: { method?: string; body?: unknown; origin?: string | null } = {}): Promise<Response> {
  const headers: Record<string, string> = { cookie: `herald_session=${session}` };
  const origin = init.origin === undefined ? ORIGIN : init.origin;
  if (origin) headers.origin = origin;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
