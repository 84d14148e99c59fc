// DashboardSessions storage (one object per Discord user who signed in): their live sessions.
// Bounds: MAX_SESSIONS_PER_USER sessions (the oldest is signed out first); expired rows go when a session is made.

import type { Migration } from '../storage/migrate';

export const MAX_SESSIONS_PER_USER = 20;

export const SESSION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      // The session id is stored hashed, so a copy of this table signs nobody in.
      `CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        guilds TEXT NOT NULL,
        access_token TEXT NOT NULL,
        guilds_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      )`,
    ],
  },
];
