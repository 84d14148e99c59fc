// CustomBotRegistry: the one place that knows which custom applications exist, their interaction keys and
// the guilds that chose each. It is a single object (name REGISTRY_NAME), so asking about an unknown
// application id, as a forged `/discord/interactions/<id>` does, reads one table and creates nothing: no
// per-application object is touched before an interaction's signature checks out.

import { DurableObject } from 'cloudflare:workers';
import { REGISTRY_MIGRATIONS } from '../custom-bot/schema';
import { migrate } from '../storage/migrate';

export class CustomBotRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, REGISTRY_MIGRATIONS);
    });
  }

  /** Called by the operator's gateway start: creating this one object is an operator's act, never a stranger's. */
  ready(): true {
    return true;
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** A guild starts using this custom application; the key is the application's (the latest save wins). */
  attach(applicationId: string, guildId: string, publicKey: string): void {
    this.sql.exec(
      'INSERT INTO custom_apps (application_id, public_key) VALUES (?, ?) ON CONFLICT (application_id) DO UPDATE SET public_key = excluded.public_key',
      applicationId,
      publicKey.toLowerCase(),
    );
    this.sql.exec('INSERT OR IGNORE INTO custom_app_guilds (application_id, guild_id) VALUES (?, ?)', applicationId, guildId);
  }

  /** A guild stops using it; returns how many still do (at 0 the application is forgotten: interactions get 401). */
  detach(applicationId: string, guildId: string): number {
    this.sql.exec('DELETE FROM custom_app_guilds WHERE application_id = ? AND guild_id = ?', applicationId, guildId);
    const remaining = this.guildsOf(applicationId).length;
    if (remaining === 0) this.sql.exec('DELETE FROM custom_apps WHERE application_id = ?', applicationId);
    return remaining;
  }

  /** The application's interaction key; null for an application no guild chose. Read-only. */
  publicKey(applicationId: string): string | null {
    return this.sql.exec<{ public_key: string }>('SELECT public_key FROM custom_apps WHERE application_id = ?', applicationId).toArray()[0]?.public_key ?? null;
  }

  servesGuild(applicationId: string, guildId: string): boolean {
    return this.sql.exec('SELECT 1 FROM custom_app_guilds WHERE application_id = ? AND guild_id = ?', applicationId, guildId).toArray().length > 0;
  }

  guildsOf(applicationId: string): string[] {
    return this.sql.exec<{ guild_id: string }>('SELECT guild_id FROM custom_app_guilds WHERE application_id = ?', applicationId).toArray().map((row) => row.guild_id);
  }
}
