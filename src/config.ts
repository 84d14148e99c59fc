// The contract's configuration (README "Configuration"), parsed once from the Worker's Env into typed values.
// An empty string counts as unset, so `.dev.vars` lines like `OPENAI_API_KEY=` switch a feature off.

export interface HeraldConfig {
  discordToken: string | null;
  discordApplicationId: string | null;
  discordPublicKey: string | null;
  discordApiBase: string;
  discordGatewayUrl: string | null;
  adminToken: string | null;
  openaiApiKey: string | null;
  openaiBaseUrl: string;
  aiModel: string;
  takeoverTimeoutSeconds: number;
  escalationWebhookUrl: string | null;
  /** OAuth2 client secret of the shared application (dashboard sign-in with Discord). */
  discordClientSecret: string | null;
  discordOauthUrl: string;
  /** Key that signs what the project signs (guild tokens, live tickets, sessions). */
  sessionSecret: string | null;
}

function optional(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function readConfig(env: Partial<Record<keyof HeraldConfigEnv, string>>): HeraldConfig {
  const timeout = Number(optional(env.TAKEOVER_TIMEOUT_SECONDS) ?? 180);
  return {
    discordToken: optional(env.DISCORD_TOKEN),
    discordApplicationId: optional(env.DISCORD_APPLICATION_ID),
    discordPublicKey: optional(env.DISCORD_PUBLIC_KEY),
    discordApiBase: (optional(env.DISCORD_API_BASE) ?? 'https://discord.com/api/v10').replace(/\/+$/, ''),
    discordGatewayUrl: optional(env.DISCORD_GATEWAY_URL),
    adminToken: optional(env.ADMIN_TOKEN),
    openaiApiKey: optional(env.OPENAI_API_KEY),
    openaiBaseUrl: (optional(env.OPENAI_BASE_URL) ?? 'https://api.openai.com/v1').replace(/\/+$/, ''),
    aiModel: optional(env.AI_MODEL) ?? 'gpt-4o-mini',
    takeoverTimeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 180,
    escalationWebhookUrl: optional(env.ESCALATION_WEBHOOK_URL),
    discordClientSecret: optional(env.DISCORD_CLIENT_SECRET),
    discordOauthUrl: optional(env.DISCORD_OAUTH_URL) ?? 'https://discord.com/oauth2/authorize',
    sessionSecret: optional(env.SESSION_SECRET),
  };
}

/** The string variables of Env that readConfig understands (bindings excluded). */
export type HeraldConfigEnv = Pick<
  Env,
  | 'DISCORD_TOKEN'
  | 'DISCORD_APPLICATION_ID'
  | 'DISCORD_PUBLIC_KEY'
  | 'DISCORD_API_BASE'
  | 'DISCORD_GATEWAY_URL'
  | 'ADMIN_TOKEN'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'AI_MODEL'
  | 'TAKEOVER_TIMEOUT_SECONDS'
  | 'ESCALATION_WEBHOOK_URL'
  | 'DISCORD_CLIENT_SECRET'
  | 'DISCORD_OAUTH_URL'
  | 'SESSION_SECRET'
>;
