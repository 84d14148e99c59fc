// DashboardSessions: one Durable Object per Discord user who signed in to the dashboard (contract §7). It keeps
// that user's sessions server-side, so signing out ends a session for good (the same cookie sent again is refused),
// and the guild list and permissions Discord gave at sign-in (re-read every GUILDS_REFRESH_MS). The Worker only reaches it with a correctly signed cookie.

import { DurableObject } from 'cloudflare:workers';
import { MAX_SESSIONS_PER_USER, SESSION_MIGRATIONS } from '../dashboard/schema';
import type { DiscordGuildGrant } from '../dashboard/session';
import { migrate } from '../storage/migrate';

export interface StoredSession {
  userId: string;
  username: string;
  guilds: DiscordGuildGrant[];
  accessToken: string;
  guildsAt: number;
  expiresAt: number;
}

interface SessionRow {
  username: string;
  guilds: string;
  access_token: string;
  guilds_at: number;
  expires_at: number;
  [column: string]: SqlStorageValue;
}

export class DashboardSessions extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, SESSION_MIGRATIONS);
    });
  }

  create(idHash: string, session: Omit<StoredSession, 'userId'>, now = Date.now()): void {
    const sql = this.ctx.storage.sql;
    sql.exec('DELETE FROM sessions WHERE expires_at <= ?', now);
    sql.exec(
      'INSERT INTO sessions (id_hash, username, guilds, access_token, guilds_at, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      idHash,
      session.username,
      JSON.stringify(session.guilds),
      session.accessToken,
      session.guildsAt,
      now,
      session.expiresAt,
    );
    sql.exec('DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions ORDER BY created_at DESC LIMIT -1 OFFSET ?)', MAX_SESSIONS_PER_USER);
  }

  lookup(idHash: string, now = Date.now()): StoredSession | null {
    const row = this.ctx.storage.sql.exec<SessionRow>('SELECT * FROM sessions WHERE id_hash = ?', idHash).toArray()[0];
    if (!row) return null;
    if (row.expires_at <= now) {
      this.ctx.storage.sql.exec('DELETE FROM sessions WHERE id_hash = ?', idHash);
      return null;
    }
    return {
      userId: this.ctx.id.name ?? '',
      username: row.username,
      guilds: JSON.parse(row.guilds) as DiscordGuildGrant[],
      accessToken: row.access_token,
      guildsAt: row.guilds_at,
      expiresAt: row.expires_at,
    };
  }

  refreshGuilds(idHash: string, guilds: DiscordGuildGrant[], now = Date.now()): void {
    this.ctx.storage.sql.exec('UPDATE sessions SET guilds = ?, guilds_at = ? WHERE id_hash = ?', JSON.stringify(guilds), now, idHash);
  }

  /** Signs this session out for good. */
  end(idHash: string): void {
    this.ctx.storage.sql.exec('DELETE FROM sessions WHERE id_hash = ?', idHash);
  }
}
