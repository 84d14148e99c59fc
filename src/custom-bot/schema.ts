// CustomBotRegistry storage: which guilds chose which custom application, and each application's
// interaction key. Bound: one row per guild that has a custom bot (a guild has at most one).

import type { Migration } from '../storage/migrate';

export const REGISTRY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE custom_apps (application_id TEXT PRIMARY KEY, public_key TEXT NOT NULL)`,
      `CREATE TABLE custom_app_guilds (
        application_id TEXT NOT NULL,
        guild_id TEXT NOT NULL,
        PRIMARY KEY (application_id, guild_id)
      )`,
    ],
  },
];
