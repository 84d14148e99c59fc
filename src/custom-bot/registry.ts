// Reaching the custom-bot registry (interaction keys, which guilds chose which application), and the gateway's
// filter that keeps a custom application's events to the guilds that chose it (the bot may sit in many more
// guilds; those never get a Herald actor).

export const REGISTRY_NAME = 'custom-bots';
/** How long a custom application's shard trusts its copy of the registered guilds before asking again. */
export const APP_GUILDS_CACHE_MS = 30_000;

export function customBotRegistry(env: Env) {
  return env.CUSTOM_BOT_REGISTRY.get(env.CUSTOM_BOT_REGISTRY.idFromName(REGISTRY_NAME));
}

/**
 * A custom bot's interaction key, from the registry the owner's settings fill in. Unknown ids are a read of
 * that one object, never a new per-application object: a forged endpoint id costs nothing.
 */
export async function customBotPublicKey(env: Env, applicationId: string): Promise<string | null> {
  if (!/^\d{15,21}$/.test(applicationId)) return null;
  return customBotRegistry(env).publicKey(applicationId);
}

/** Whether this guild chose this custom application: its key cannot reach another guild's actor. */
export function customBotServesGuild(env: Env, applicationId: string, guildId: string): Promise<boolean> {
  return customBotRegistry(env).servesGuild(applicationId, guildId);
}

/** Whether a cached guild list is still fresh at `now`. */
export function cacheFresh(fetchedAt: number | null, now: number): boolean {
  return fetchedAt !== null && now - fetchedAt < APP_GUILDS_CACHE_MS;
}

/**
 * Which guilds a custom application's shard may route to. Kept in memory and refreshed from the registry
 * every APP_GUILDS_CACHE_MS; `invalidate()` (on start, when a guild was just attached) refreshes at once.
 */
export class AppGuildFilter {
  private guilds = new Set<string>();
  private fetchedAt: number | null = null;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly env: Env,
    private readonly applicationId: () => string | null,
  ) {}

  invalidate(): void {
    this.fetchedAt = null;
  }

  async allows(guildId: string, now = Date.now()): Promise<boolean> {
    const applicationId = this.applicationId();
    if (applicationId === null) return false;
    if (!cacheFresh(this.fetchedAt, now)) await this.refresh(applicationId, now);
    return this.guilds.has(guildId);
  }

  private refresh(applicationId: string, now: number): Promise<void> {
    // One registry call however many events arrive while it is on its way.
    this.pending ??= customBotRegistry(this.env)
      .guildsOf(applicationId)
      .then((guilds) => {
        this.guilds = new Set(guilds);
        this.fetchedAt = now;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }
}
