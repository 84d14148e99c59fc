// Bearer authentication of the admin API (contract §3). The operator's ADMIN_TOKEN opens every route of
// every guild; a guild token (minted by POST /api/guilds/:guildId/tokens) opens that guild only, and an agent
// token only its live monitoring and conversations. With no ADMIN_TOKEN configured, only guild tokens work,
// and those can only be minted with ADMIN_TOKEN: so every /api route answers 401.

import type { SignedInUser } from '../dashboard/sign-in';

export type GuildRole = 'admin' | 'agent';
/** `user`: someone signed in to the dashboard with Discord, before a guild is chosen (only /api/me). */
export type Principal = { kind: 'operator' } | { kind: 'guild'; guildId: string; role: GuildRole } | SignedInUser;

/** Guild tokens carry their guild so the Worker knows which actor can verify them. */
const GUILD_TOKEN = /^hg_(\d{15,21})_[0-9a-f]{48}$/;

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Compares in time independent of where the strings differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}

export function authenticateOperator(request: Request, adminToken: string | null): Principal | null {
  const token = bearerToken(request);
  if (!adminToken || !token) return null;
  return constantTimeEqual(token, adminToken) ? { kind: 'operator' } : null;
}

export function guildOfToken(token: string): string | null {
  return GUILD_TOKEN.exec(token)?.[1] ?? null;
}

export function newGuildToken(guildId: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `hg_${guildId}_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The request's guild and the rest of its path, for /api/guilds/:guildId/... routes. */
export function guildRouteOf(pathname: string): { guildId: string; rest: string } | null {
  const match = /^\/api\/guilds\/([^/]+)(\/.*)?$/.exec(pathname);
  return match ? { guildId: match[1]!, rest: match[2] ?? '' } : null;
}

/**
 * What a principal may do: the operator anything; a guild admin its own guild's routes; an agent its own
 * guild's live monitoring and reading conversations. Returns the refusal status, or null when allowed.
 */
export function authorize(principal: Principal, method: string, pathname: string): 401 | 403 | null {
  if (principal.kind === 'operator') return null;
  // Everyone signed in may ask who they are (the dashboard's first call) and for the "Add to Discord" link.
  if (method === 'GET' && (pathname === '/api/me' || pathname === '/api/install')) return null;
  if (principal.kind === 'user') return 403;
  const route = guildRouteOf(pathname);
  if (!route || route.guildId !== principal.guildId) return 403;
  if (principal.role === 'admin') return null;
  // Agents also read the channel names, so the live view can say where a conversation is.
  const agentMayUse = method === 'GET' && (route.rest === '/live' || route.rest === '/conversations' || route.rest === '/directory');
  return agentMayUse ? null : 403;
}
