// What Herald signs: guild tokens and live tickets carry an HMAC-SHA256 the Worker checks before it touches
// any Durable Object, so a forged or guessed credential costs a hash, never an actor or a row. The key is
// SESSION_SECRET, or ADMIN_TOKEN while that is unset; changing the key invalidates every guild token and
// ticket (they must be minted again).

import type { HeraldConfig } from '../config';

/** `hg_<guildId>_<nonce>_<mac>`: the nonce is random (the token stays unguessable even if the key leaks). */
const GUILD_TOKEN = /^hg_(\d{15,21})_([0-9a-f]{32})_([0-9a-f]{64})$/;
/** `hlt_<guildId>_<expiresAt ms>_<nonce>_<mac>`: a live ticket, single-use, for one guild's WebSocket. */
const LIVE_TICKET = /^hlt_(\d{15,21})_(\d{13})_([0-9a-f]{32})_([0-9a-f]{64})$/;

/** How long a live ticket may wait before it is used. */
export const LIVE_TICKET_TTL_MS = 60_000;

/** The key Herald signs with: SESSION_SECRET, falling back to ADMIN_TOKEN; null when neither is set. */
export function signingKey(config: Pick<HeraldConfig, 'sessionSecret' | 'adminToken'>): string | null {
  return config.sessionSecret ?? config.adminToken;
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function randomHex(byteCount: number): string {
  return hex(crypto.getRandomValues(new Uint8Array(byteCount)));
}

function hmacKey(key: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

async function mac(key: string, message: string): Promise<string> {
  return hex(await crypto.subtle.sign('HMAC', await hmacKey(key, 'sign'), new TextEncoder().encode(message)));
}

/** crypto.subtle.verify compares in constant time. */
async function macMatches(key: string, message: string, macHex: string): Promise<boolean> {
  return crypto.subtle.verify('HMAC', await hmacKey(key, 'verify'), fromHex(macHex), new TextEncoder().encode(message));
}

// Each kind signs its own message shape, so a ticket's MAC can never pass as a token's.
const tokenMessage = (guildId: string, nonce: string) => `herald:guild-token:${guildId}:${nonce}`;
const ticketMessage = (guildId: string, expiresAt: number, nonce: string) => `herald:live-ticket:${guildId}:${expiresAt}:${nonce}`;

export async function newGuildToken(guildId: string, key: string): Promise<string> {
  const nonce = randomHex(16);
  return `hg_${guildId}_${nonce}_${await mac(key, tokenMessage(guildId, nonce))}`;
}

/** The guild a token was signed for, or null when it is malformed or not signed with `key`. */
export async function verifiedTokenGuild(token: string, key: string): Promise<string | null> {
  const match = GUILD_TOKEN.exec(token);
  if (!match) return null;
  const [, guildId, nonce, signature] = match as unknown as [string, string, string, string];
  return (await macMatches(key, tokenMessage(guildId, nonce), signature)) ? guildId : null;
}

export interface LiveTicket {
  ticket: string;
  guildId: string;
  nonce: string;
  expiresAt: number;
}

export async function newLiveTicket(guildId: string, key: string, now: number): Promise<LiveTicket> {
  const nonce = randomHex(16);
  const expiresAt = now + LIVE_TICKET_TTL_MS;
  const ticket = `hlt_${guildId}_${expiresAt}_${nonce}_${await mac(key, ticketMessage(guildId, expiresAt, nonce))}`;
  return { ticket, guildId, nonce, expiresAt };
}

/** A ticket signed with `key` and not yet expired, or null. Single use is the guild actor's to enforce. */
export async function verifiedLiveTicket(ticket: string, key: string, now: number): Promise<LiveTicket | null> {
  const match = LIVE_TICKET.exec(ticket);
  if (!match) return null;
  const [, guildId, expires, nonce, signature] = match as unknown as [string, string, string, string, string];
  const expiresAt = Number(expires);
  if (expiresAt <= now || expiresAt > now + LIVE_TICKET_TTL_MS) return null;
  return (await macMatches(key, ticketMessage(guildId, expiresAt, nonce), signature)) ? { ticket, guildId, nonce, expiresAt } : null;
}
