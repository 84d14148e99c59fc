// A guild's tokens (contract §3) and single-use live tickets. Tokens are stored as SHA-256 hashes with an
// id, a role, an optional label and when they were last used; the Worker has already checked a token's
// signature, so this is where revocation and the per-guild cap are enforced.

import type { Result } from '../result';
import { tokenHash, type GuildRole } from '../api/auth';
import { newGuildToken, newLiveTicket, type LiveTicket } from '../api/tokens';
import { MAX_GUILD_TOKENS, MAX_LIVE_TICKETS, TOKEN_LAST_USED_WRITE_MS } from './schema';

export interface TokenView {
  id: string;
  role: GuildRole;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface MintedToken extends TokenView {
  token: string;
}

/** Who a live socket belongs to: the token it was opened with (null for the operator). */
export interface LiveGrant {
  role: GuildRole | 'operator';
  tokenId: string | null;
}

interface TokenRow extends Record<string, SqlStorageValue> {
  id: string;
  role: string;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
}

function view(row: TokenRow): TokenView {
  return {
    id: row.id,
    role: row.role as GuildRole,
    label: row.label,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
  };
}

function newTokenId(): string {
  return [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class TokenStore {
  constructor(private readonly sql: SqlStorage) {}

  async mint(guildId: string, role: GuildRole, label: string | null, key: string, now: number): Promise<Result<MintedToken>> {
    // Refused rather than evicting the oldest: one admin must not be able to push out the owner's tokens.
    if (this.count() >= MAX_GUILD_TOKENS) {
      return { ok: false, status: 409, error: `this guild has ${MAX_GUILD_TOKENS} tokens; revoke one first (DELETE .../tokens/:tokenId)` };
    }
    const token = await newGuildToken(guildId, key);
    const id = newTokenId();
    this.sql.exec('INSERT INTO guild_tokens (hash, id, role, label, created_at) VALUES (?, ?, ?, ?, ?)', await tokenHash(token), id, role, label, now);
    return { ok: true, value: { token, id, role, label, createdAt: new Date(now).toISOString(), lastUsedAt: null } };
  }

  /** The token's role and id when it is still valid; records its use at most once per TOKEN_LAST_USED_WRITE_MS. */
  async verify(token: string, now: number): Promise<{ role: GuildRole; tokenId: string } | null> {
    const hash = await tokenHash(token);
    const row = this.sql.exec<TokenRow>('SELECT id, role, label, created_at, last_used_at FROM guild_tokens WHERE hash = ?', hash).toArray()[0];
    if (!row) return null;
    if (row.last_used_at === null || now - row.last_used_at >= TOKEN_LAST_USED_WRITE_MS) {
      this.sql.exec('UPDATE guild_tokens SET last_used_at = ? WHERE hash = ?', now, hash);
    }
    return { role: row.role as GuildRole, tokenId: row.id };
  }

  list(): TokenView[] {
    return this.sql.exec<TokenRow>('SELECT id, role, label, created_at, last_used_at FROM guild_tokens ORDER BY created_at, id').toArray().map(view);
  }

  exists(id: string): boolean {
    return this.sql.exec('SELECT 1 FROM guild_tokens WHERE id = ?', id).toArray().length > 0;
  }

  /** Deletes the token and the tickets minted with it; false when there was no such token. */
  revoke(id: string): boolean {
    const removed = this.sql.exec('DELETE FROM guild_tokens WHERE id = ?', id).rowsWritten > 0;
    this.sql.exec('DELETE FROM live_tickets WHERE token_id = ?', id);
    return removed;
  }

  count(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM guild_tokens').one().n;
  }

  async issueTicket(guildId: string, grant: LiveGrant, key: string, now: number): Promise<Result<LiveTicket>> {
    this.pruneTickets(now);
    const open = this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM live_tickets').one().n;
    if (open >= MAX_LIVE_TICKETS) return { ok: false, status: 429, error: `too many unused live tickets (${MAX_LIVE_TICKETS}); use or let them expire` };
    const ticket = await newLiveTicket(guildId, key, now);
    this.sql.exec('INSERT INTO live_tickets (nonce, role, token_id, expires_at) VALUES (?, ?, ?, ?)', ticket.nonce, grant.role, grant.tokenId, ticket.expiresAt);
    return { ok: true, value: ticket };
  }

  /** Uses up a ticket: the grant it carries, or null when it was used, expired or its token was revoked. */
  consumeTicket(nonce: string, now: number): LiveGrant | null {
    const row = this.sql
      .exec<{ role: string; token_id: string | null; expires_at: number }>('DELETE FROM live_tickets WHERE nonce = ? RETURNING role, token_id, expires_at', nonce)
      .toArray()[0];
    if (!row || row.expires_at <= now) return null;
    if (row.token_id !== null && !this.exists(row.token_id)) return null;
    return { role: row.role as LiveGrant['role'], tokenId: row.token_id };
  }

  pruneTickets(now: number): void {
    this.sql.exec('DELETE FROM live_tickets WHERE expires_at <= ?', now);
  }
}
