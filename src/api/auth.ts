// Bearer authentication of the admin API (contract §3). The operator's ADMIN_TOKEN opens every route of
// every guild; a guild token (minted by POST /api/guilds/:guildId/tokens) opens that guild only, and an agent
// token only its live monitoring and conversations. With no ADMIN_TOKEN configured, only guild tokens work,
// and those can only be minted with ADMIN_TOKEN: so every /api route answers 401. Token and ticket formats
// (signed, checked before any actor is touched) are in tokens.ts.

import type { SignedInUser } from '../dashboard/sign-in';

export type GuildRole = 'admin' | 'agent';
export type Principal =
  | { kind: 'operator' }
  /** A guild token, or a dashboard user acting in one guild (then `tokenId` is null). */
  | { kind: 'guild'; guildId: string; role: GuildRole; tokenId: string | null }
  /** A signed, unexpired live ticket; the guild actor consumes it (single use) when the socket opens. */
  | { kind: 'ticket'; guildId: string; ticket: string }
  /** Someone signed in to the dashboard with Discord, before a guild is chosen (only /api/me and /api/install). */
  | SignedInUser;

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
 * guild's live monitoring (and its tickets) and reading conversations; a live ticket only the live socket
 * of its guild. Returns the refusal status, or null when allowed.
 */
export function authorize(principal: Principal, method: string, pathname: string): 401 | 403 | null {
  if (principal.kind === 'operator') return null;
  // Everyone signed in may ask who they are (the dashboard's first call) and for the "Add to Discord" link.
  if (method === 'GET' && (pathname === '/api/me' || pathname === '/api/install') && principal.kind !== 'ticket') return null;
  if (principal.kind === 'user') return 403;
  const route = guildRouteOf(pathname);
  if (!route || route.guildId !== principal.guildId) return 403;
  const live = method === 'GET' && route.rest === '/live';
  if (principal.kind === 'ticket') return live ? null : 403;
  if (principal.role === 'admin') return null;
  // Agents also read the channel names, so the live view can say where a conversation is.
  const agentMayUse =
    live || (method === 'GET' && (route.rest === '/conversations' || route.rest === '/directory')) || (method === 'POST' && route.rest === '/live/ticket');
  return agentMayUse ? null : 403;
}
