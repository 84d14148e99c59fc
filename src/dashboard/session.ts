// Dashboard sign-in, the pure parts (contract §7): the signed `herald_session` cookie, the `state` that binds an
// OAuth2 sign-in to the browser that started it, the Origin rule for cookie-authenticated changes, and a
// member's dashboard role from Discord's guild permissions. Everything here is HMAC-SHA256 with SESSION_SECRET:
// a forged or tampered value is refused by the Worker before any Durable Object is touched.

export const SESSION_COOKIE = 'herald_session';
export const STATE_COOKIE = 'herald_oauth_state';
/** A session lasts a week; the member's guild permissions are re-read from Discord more often (below). */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60_000;
/** Sign-in must finish within ten minutes of clicking "Sign in with Discord". */
export const STATE_TTL_MS = 10 * 60_000;
/** How long the guild list and permissions read at sign-in are trusted before Discord is asked again. */
export const GUILDS_REFRESH_MS = 10 * 60_000;

const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

export interface SessionCookie {
  userId: string;
  sessionId: string;
  expiresAt: number;
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

function base64url(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export async function sign(secret: string, payload: string): Promise<string> {
  return base64url(await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(payload)));
}

/** Constant-time check (crypto.subtle.verify) of a signature made by `sign`. */
export async function verifySignature(secret: string, payload: string, signature: string): Promise<boolean> {
  const bytes = fromBase64url(signature);
  // Only the canonical spelling: the last character's spare bits must not let two values carry one signature.
  if (!bytes || bytes.length !== 32 || base64url(bytes.buffer as ArrayBuffer) !== signature) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(secret), bytes, new TextEncoder().encode(payload));
}

export function randomId(bytes = 16): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function encodeSessionCookie(secret: string, session: SessionCookie): Promise<string> {
  const payload = `v1.${session.userId}.${session.sessionId}.${Math.floor(session.expiresAt / 1000)}`;
  return `${payload}.${await sign(secret, payload)}`;
}

/** The cookie's session when its signature holds and it has not expired; null otherwise. */
export async function decodeSessionCookie(secret: string, value: string, now = Date.now()): Promise<SessionCookie | null> {
  const match = /^(v1\.(\d{15,21})\.([0-9a-f]{32})\.(\d{1,12}))\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return null;
  if (!(await verifySignature(secret, match[1]!, match[5]!))) return null;
  const expiresAt = Number(match[4]) * 1000;
  if (expiresAt <= now) return null;
  return { userId: match[2]!, sessionId: match[3]!, expiresAt };
}

/** The value of the state cookie: the state itself, when it expires, and a signature over both. */
export async function encodeStateCookie(secret: string, state: string, now = Date.now()): Promise<string> {
  const payload = `${state}.${Math.floor((now + STATE_TTL_MS) / 1000)}`;
  return `${payload}.${await sign(secret, payload)}`;
}

/** True when `state` from the callback is the one this browser's cookie carries, signed by us and not expired. */
export async function stateMatches(secret: string, cookieValue: string | null, state: string | null, now = Date.now()): Promise<boolean> {
  if (!cookieValue || !state) return false;
  const match = /^(([0-9a-f]{32})\.(\d{1,12}))\.([A-Za-z0-9_-]{43})$/.exec(cookieValue);
  if (!match || match[2] !== state) return false;
  if (Number(match[3]) * 1000 <= now) return false;
  return verifySignature(secret, match[1]!, match[4]!);
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
  path?: string;
}

export function setCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${options.path ?? '/'}`, `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearCookie(name: string, secure: boolean, path = '/'): string {
  return setCookie(name, '', { maxAgeSeconds: 0, secure, path });
}

/** Requests that change something must come from the dashboard itself (its own Origin), never another site. */
export function changesState(request: Request): boolean {
  if (request.headers.get('upgrade')?.toLowerCase() === 'websocket') return true;
  return request.method !== 'GET' && request.method !== 'HEAD';
}

export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  return origin !== null && origin === new URL(request.url).origin;
}

export interface DiscordGuildGrant {
  id: string;
  name: string;
  owner: boolean;
  permissions: string;
}

/** Owner, Administrator or Manage Server: the member may set Herald up in that guild (contract §7). */
export function isGuildAdmin(guild: DiscordGuildGrant): boolean {
  if (guild.owner) return true;
  let permissions: bigint;
  try {
    permissions = BigInt(guild.permissions);
  } catch {
    return false;
  }
  return (permissions & ADMINISTRATOR) !== 0n || (permissions & MANAGE_GUILD) !== 0n;
}
