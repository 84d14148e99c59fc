// Discord's OAuth2 code flow, simulated so "Sign in with Discord" runs offline: an authorize page where a person
// picks which simulated member to sign in as, the token exchange (POST /api/v10/oauth2/token), and the two routes a
// signed-in app reads with the user's Bearer token (GET /api/v10/users/@me and /users/@me/guilds).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { APIUser, RESTAPIPartialCurrentUserGuild } from 'discord-api-types/v10';
import { PermissionFlagsBits } from './discord-enums.js';
import { readBody, sendJson } from './http-util.js';
import type { SimStore } from './store.js';
import type { SimGuild } from './types.js';

/** The client secret of every simulated application (Discord shows the real one in the developer portal). */
export const SIM_CLIENT_SECRET = 'sim-client-secret';
const CODE_TTL_MS = 10 * 60_000;
const ACCESS_TOKEN_TTL_S = 7 * 24 * 60 * 60;

interface PendingCode {
  userId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
}

interface AccessGrant {
  userId: string;
  scopes: string[];
}

export class OAuthApi {
  private readonly codes = new Map<string, PendingCode>();
  private readonly tokens = new Map<string, AccessGrant>();

  constructor(private readonly store: SimStore) {}

  /** Whether this request is one of ours: the authorize page, the token exchange, or a user's Bearer-token call. */
  handles(req: IncomingMessage, pathname: string): boolean {
    if (pathname === '/oauth2/authorize' || pathname === '/oauth2/authorize/approve') return true;
    if (/^\/api(?:\/v10)?\/oauth2\/token$/.test(pathname)) return true;
    // A bot reads /users/@me with "Bot <token>" (the REST handler's); a signed-in user with "Bearer <token>".
    return /^\/api(?:\/v10)?\/users\/@me(?:\/guilds)?$/.test(pathname) && /^Bearer /.test(String(req.headers.authorization ?? ''));
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api(?:\/v10)?/, '');
    if (url.pathname === '/oauth2/authorize' && method === 'GET') return this.authorizePage(res, url);
    if (url.pathname === '/oauth2/authorize/approve' && method === 'GET') return this.approve(res, url);
    if (path === '/oauth2/token' && method === 'POST') return this.exchange(req, res);
    if (path === '/users/@me' && method === 'GET') return this.withGrant(req, res, 'identify', (grant) => sendJson(res, 200, this.user(grant.userId)));
    if (path === '/users/@me/guilds' && method === 'GET') {
      return this.withGrant(req, res, 'guilds', (grant) => sendJson(res, 200, this.guildsOf(grant.userId)));
    }
    sendJson(res, 405, { message: '405: Method Not Allowed', code: 0 });
  }

  // ---- the authorize page ------------------------------------------------------------------------------

  private authorizePage(res: ServerResponse, url: URL): void {
    const problem = this.checkAuthorizeQuery(url);
    if (problem) return sendHtml(res, 400, page('Invalid OAuth2 request', `<p>${escapeHtml(problem)}</p>`));
    const scopes = (url.searchParams.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (scopes.includes('bot')) {
      const guildId = url.searchParams.get('guild_id');
      const body = `<p>This is the simulator's "Add to server" page. The simulated bot is already a member of every simulated
        server${guildId ? ` (asked for server ${escapeHtml(guildId)})` : ''}, so there is nothing to add.</p>`;
      return sendHtml(res, 200, page('Add Herald to a server', body));
    }
    const rows = [...this.store.users.values()]
      .filter((user) => !user.bot)
      .map((user) => {
        const guilds = this.guildsOf(user.id)
          .map((g) => `${escapeHtml(g.name)}${g.owner ? ' (owner)' : ''}`)
          .join(', ');
        const approve = new URL('/oauth2/authorize/approve', 'http://x');
        for (const [key, value] of url.searchParams) approve.searchParams.set(key, value);
        approve.searchParams.set('user_id', user.id);
        return `<li><a class="signin" data-user-id="${user.id}" href="${escapeHtml(approve.pathname + approve.search)}">Sign in as ${escapeHtml(
          user.global_name ?? user.username,
        )}</a> <small>${escapeHtml(user.id)}${guilds ? ` · ${guilds}` : ''}</small></li>`;
      })
      .join('\n');
    const body = `<p>An application asks to know who you are and which servers you are in
      (<code>${escapeHtml(scopes.join(' '))}</code>). This is the Discord simulator: choose which member you are.</p>
      <ul>${rows || '<li>No members yet: create a guild in the simulator first.</li>'}</ul>`;
    sendHtml(res, 200, page('Sign in with Discord (simulator)', body));
  }

  private approve(res: ServerResponse, url: URL): void {
    const problem = this.checkAuthorizeQuery(url);
    const userId = url.searchParams.get('user_id') ?? '';
    if (problem || !this.store.users.has(userId)) return sendHtml(res, 400, page('Invalid OAuth2 request', `<p>${escapeHtml(problem ?? 'unknown user')}</p>`));
    const code = randomBytes(16).toString('hex');
    const redirectUri = url.searchParams.get('redirect_uri')!;
    this.codes.set(code, {
      userId,
      clientId: url.searchParams.get('client_id')!,
      redirectUri,
      scopes: (url.searchParams.get('scope') ?? '').split(/\s+/).filter(Boolean),
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = url.searchParams.get('state');
    if (state !== null) target.searchParams.set('state', state);
    res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
    res.end();
  }

  private checkAuthorizeQuery(url: URL): string | null {
    const clientId = url.searchParams.get('client_id') ?? '';
    if (!this.store.botByApp(clientId)) return 'client_id: unknown application';
    if (url.searchParams.get('response_type') !== 'code' && !(url.searchParams.get('scope') ?? '').includes('bot')) return 'response_type: must be code';
    const redirect = url.searchParams.get('redirect_uri');
    if (redirect === null && !(url.searchParams.get('scope') ?? '').includes('bot')) return 'redirect_uri: required';
    if (redirect !== null && !/^https?:\/\//.test(redirect)) return 'redirect_uri: must be an http(s) URL';
    return null;
  }

  // ---- token exchange and Bearer routes -------------------------------------------------------------------

  private async exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const form = new URLSearchParams(body.raw.toString('utf8'));
    const invalid = (error: string, description: string) => sendJson(res, 400, { error, error_description: description });
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return invalid('invalid_request', 'body must be application/x-www-form-urlencoded');
    }
    if (form.get('grant_type') !== 'authorization_code') return invalid('unsupported_grant_type', 'grant_type must be authorization_code');
    const code = this.codes.get(form.get('code') ?? '');
    // A code works once, for the application and redirect it was issued to, and not after it expires.
    if (code) this.codes.delete(form.get('code')!);
    if (!code || code.expiresAt < Date.now()) return invalid('invalid_grant', 'Invalid "code" in request.');
    if (form.get('client_id') !== code.clientId || form.get('client_secret') !== SIM_CLIENT_SECRET) return sendJson(res, 401, { error: 'invalid_client' });
    if (form.get('redirect_uri') !== code.redirectUri) return invalid('invalid_grant', 'Invalid "redirect_uri" in request.');
    const accessToken = randomBytes(20).toString('hex');
    this.tokens.set(accessToken, { userId: code.userId, scopes: code.scopes });
    sendJson(res, 200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
      refresh_token: randomBytes(20).toString('hex'),
      scope: code.scopes.join(' '),
    });
  }

  private withGrant(req: IncomingMessage, res: ServerResponse, scope: string, then: (grant: AccessGrant) => void): void {
    const match = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
    const grant = match ? this.tokens.get(match[1]!) : undefined;
    if (!grant) return sendJson(res, 401, { message: '401: Unauthorized', code: 0 });
    if (!grant.scopes.includes(scope)) return sendJson(res, 403, { message: 'Missing Access', code: 50001 });
    then(grant);
  }

  private user(userId: string): APIUser {
    const user = this.store.users.get(userId)!;
    return { ...user };
  }

  /** The user's guilds as Discord lists them: `owner` and the user's computed `permissions` there. */
  guildsOf(userId: string): RESTAPIPartialCurrentUserGuild[] {
    const result: RESTAPIPartialCurrentUserGuild[] = [];
    for (const guild of this.store.guilds.values()) {
      if (!guild.members.has(userId)) continue;
      result.push({
        id: guild.id,
        name: guild.name,
        icon: null,
        banner: null,
        owner: guild.ownerId === userId,
        permissions: memberPermissions(guild, userId).toString(),
        features: [],
      });
    }
    return result;
  }
}

/** Owner: everything; otherwise @everyone's permissions plus those of the member's roles. */
export function memberPermissions(guild: SimGuild, userId: string): bigint {
  const all = Object.values(PermissionFlagsBits).reduce((sum, bit) => sum | bit, 0n);
  if (guild.ownerId === userId) return all;
  const member = guild.members.get(userId);
  let permissions = BigInt(guild.roles.find((role) => role.id === guild.id)?.permissions ?? '0');
  for (const roleId of member?.roles ?? []) permissions |= BigInt(guild.roles.find((role) => role.id === roleId)?.permissions ?? '0');
  return permissions & PermissionFlagsBits.Administrator ? all : permissions;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font-family:system-ui,sans-serif;background:#313338;color:#f2f3f5;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
a.signin{display:inline-block;background:#5865f2;color:#fff;padding:.4rem .8rem;border-radius:4px;text-decoration:none;margin:.2rem 0}
a.signin:focus{outline:3px solid #fff}small{color:#b5bac1}ul{list-style:none;padding:0}code{background:#1e1f22;padding:0 .3rem}
</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
