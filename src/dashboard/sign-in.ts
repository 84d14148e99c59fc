// "Sign in with Discord" (contract §7): GET /auth/login, GET /auth/callback, POST /auth/logout, and turning a
// `herald_session` cookie back into the signed-in user. The OAuth2 code flow with `identify guilds`; the user's
// sessions live in their DashboardSessions object, reached only after the cookie's signature checked out.

import type { RESTGetAPICurrentUserGuildsResult, RESTGetAPIUserResult, RESTPostOAuth2AccessTokenResult } from 'discord-api-types/v10';
import { HttpError, errorResponse, json } from '../api/http';
import { readConfig, type HeraldConfig } from '../config';
import { log, logError } from '../log';
import {
  GUILDS_REFRESH_MS,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  STATE_COOKIE,
  STATE_TTL_MS,
  clearCookie,
  decodeSessionCookie,
  encodeSessionCookie,
  encodeStateCookie,
  randomId,
  readCookie,
  sameOrigin,
  setCookie,
  stateMatches,
  type DiscordGuildGrant,
} from './session';

/** Discord answers within a second or two; a sign-in should not hang on it. */
const DISCORD_TIMEOUT_MS = 10_000;

export interface SignedInUser {
  kind: 'user';
  userId: string;
  username: string;
  sessionIdHash: string;
  guilds: DiscordGuildGrant[];
}

export function sessionsStub(env: Env, userId: string) {
  return env.DASHBOARD_SESSIONS.get(env.DASHBOARD_SESSIONS.idFromName(userId));
}

/** Sign-in with Discord needs the application's id and client secret, and a key to sign sessions with. */
function signInConfig(config: HeraldConfig): { clientId: string; clientSecret: string; secret: string } | null {
  if (!config.discordApplicationId || !config.discordClientSecret || !config.sessionSecret) return null;
  return { clientId: config.discordApplicationId, clientSecret: config.discordClientSecret, secret: config.sessionSecret };
}

async function hashId(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:';
}

export async function handleAuth(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  switch (url.pathname) {
    case '/auth/login':
      if (request.method !== 'GET') return errorResponse(405, 'use GET');
      return login(request, env);
    case '/auth/callback':
      if (request.method !== 'GET') return errorResponse(405, 'use GET');
      return callback(request, env);
    case '/auth/logout':
      if (request.method !== 'POST') return errorResponse(405, 'use POST');
      return logout(request, env);
    default:
      return errorResponse(404, 'no such route');
  }
}

async function login(request: Request, env: Env): Promise<Response> {
  const config = readConfig(env);
  const signIn = signInConfig(config);
  if (!signIn) return errorResponse(404, 'sign-in with Discord is off: set DISCORD_CLIENT_SECRET and SESSION_SECRET');
  const state = randomId();
  const origin = new URL(request.url).origin;
  const target = new URL(config.discordOauthUrl);
  target.searchParams.set('client_id', signIn.clientId);
  target.searchParams.set('response_type', 'code');
  target.searchParams.set('scope', 'identify guilds');
  target.searchParams.set('redirect_uri', `${origin}/auth/callback`);
  target.searchParams.set('state', state);
  const headers = new Headers({ location: target.toString(), 'cache-control': 'no-store' });
  headers.append(
    'set-cookie',
    setCookie(STATE_COOKIE, await encodeStateCookie(signIn.secret, state), { maxAgeSeconds: STATE_TTL_MS / 1000, secure: isHttps(request), path: '/auth' }),
  );
  return new Response(null, { status: 302, headers });
}

async function callback(request: Request, env: Env): Promise<Response> {
  const config = readConfig(env);
  const signIn = signInConfig(config);
  if (!signIn) return errorResponse(404, 'sign-in with Discord is off: set DISCORD_CLIENT_SECRET and SESSION_SECRET');
  const url = new URL(request.url);
  // The state must be the one this very browser was given at /auth/login (a link from elsewhere has none).
  if (!(await stateMatches(signIn.secret, readCookie(request, STATE_COOKIE), url.searchParams.get('state')))) {
    return errorResponse(400, 'state: missing or does not match this browser; start again at /auth/login', 'state');
  }
  const code = url.searchParams.get('code');
  if (!code) {
    const denied = url.searchParams.get('error');
    return errorResponse(400, denied ? `Discord did not sign you in: ${denied}` : 'code: missing', 'code');
  }
  let grant: { user: RESTGetAPIUserResult; guilds: DiscordGuildGrant[]; accessToken: string };
  try {
    const token = await exchangeCode(config, signIn, code, `${url.origin}/auth/callback`);
    const [user, guilds] = await Promise.all([discordGet<RESTGetAPIUserResult>(config, '/users/@me', token), fetchGuilds(config, token)]);
    grant = { user, guilds, accessToken: token };
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error.status, error.message, error.field);
    logError('Dashboard.callback', error);
    return errorResponse(502, 'Discord did not complete the sign-in; try again');
  }
  const sessionId = randomId();
  const now = Date.now();
  const expiresAt = now + SESSION_TTL_MS;
  await sessionsStub(env, grant.user.id).create(await hashId(sessionId), {
    username: grant.user.global_name ?? grant.user.username,
    guilds: grant.guilds,
    accessToken: grant.accessToken,
    guildsAt: now,
    expiresAt,
  });
  log('Dashboard.signedIn', { userId: grant.user.id, guilds: grant.guilds.length });
  const cookie = await encodeSessionCookie(signIn.secret, { userId: grant.user.id, sessionId, expiresAt });
  const headers = new Headers({ location: '/', 'cache-control': 'no-store' });
  headers.append('set-cookie', setCookie(SESSION_COOKIE, cookie, { maxAgeSeconds: SESSION_TTL_MS / 1000, secure: isHttps(request) }));
  headers.append('set-cookie', clearCookie(STATE_COOKIE, isHttps(request), '/auth'));
  return new Response(null, { status: 302, headers });
}

async function logout(request: Request, env: Env): Promise<Response> {
  // Another site may not sign people out; a request with no Origin at all (curl, an old browser) may.
  if (request.headers.get('origin') !== null && !sameOrigin(request)) return errorResponse(403, 'Origin: sign out from the dashboard itself', 'origin');
  const config = readConfig(env);
  const value = readCookie(request, SESSION_COOKIE);
  if (config.sessionSecret && value) {
    const session = await decodeSessionCookie(config.sessionSecret, value);
    if (session) await sessionsStub(env, session.userId).end(await hashId(session.sessionId));
  }
  return json({ signedOut: true }, 200, { 'set-cookie': clearCookie(SESSION_COOKIE, isHttps(request)), 'cache-control': 'no-store' });
}

/** The signed-in user of a request, or null (no cookie, a forged or expired one, or a session that ended). */
export async function sessionUser(request: Request, env: Env): Promise<SignedInUser | null> {
  const config = readConfig(env);
  const value = readCookie(request, SESSION_COOKIE);
  if (!config.sessionSecret || !value) return null;
  const cookie = await decodeSessionCookie(config.sessionSecret, value);
  if (!cookie) return null;
  const idHash = await hashId(cookie.sessionId);
  const stub = sessionsStub(env, cookie.userId);
  const session = await stub.lookup(idHash);
  if (!session) return null;
  let guilds = session.guilds;
  // Rights change on Discord: re-read the guild list now and then (keeping the old one if Discord is down).
  if (Date.now() - session.guildsAt > GUILDS_REFRESH_MS) {
    try {
      guilds = await fetchGuilds(config, session.accessToken);
      await stub.refreshGuilds(idHash, guilds);
    } catch (error) {
      logError('Dashboard.refreshGuilds', error, { userId: cookie.userId });
    }
  }
  return { kind: 'user', userId: cookie.userId, username: session.username, sessionIdHash: idHash, guilds };
}

async function exchangeCode(config: HeraldConfig, signIn: { clientId: string; clientSecret: string }, code: string, redirectUri: string): Promise<string> {
  const response = await fetch(`${config.discordApiBase}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: signIn.clientId, client_secret: signIn.clientSecret }),
    signal: AbortSignal.timeout(DISCORD_TIMEOUT_MS),
  });
  if (response.status === 400) throw new HttpError(400, 'code: Discord did not accept this sign-in code (used or expired); start again', 'code');
  if (!response.ok) throw new Error(`POST /oauth2/token answered ${response.status}`);
  const body = (await response.json()) as RESTPostOAuth2AccessTokenResult;
  if (typeof body.access_token !== 'string') throw new Error('POST /oauth2/token gave no access_token');
  return body.access_token;
}

async function fetchGuilds(config: HeraldConfig, accessToken: string): Promise<DiscordGuildGrant[]> {
  const guilds = await discordGet<RESTGetAPICurrentUserGuildsResult>(config, '/users/@me/guilds', accessToken);
  return guilds.map((g) => ({ id: g.id, name: g.name, owner: g.owner === true, permissions: g.permissions }));
}

async function discordGet<T>(config: HeraldConfig, path: string, accessToken: string): Promise<T> {
  const response = await fetch(`${config.discordApiBase}${path}`, {
    headers: { authorization: `Bearer ${accessToken}` },
    signal: AbortSignal.timeout(DISCORD_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}
