// How a guild speaks on Discord: channel messages with its bot's token (the custom bot's when set), and
// `/ask` answers on the interaction's follow-up webhook. A 4xx that retrying cannot fix is logged, not thrown.

import type { APIActionRowComponent, APIComponentInMessageActionRow, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { readConfig } from '../config';
import { replyBodies, type ReplyTarget } from '../discord/messages';
import { DiscordApiError, DiscordRest } from '../discord/rest';
import { log, logError } from '../log';
import { INBOX_INLINE_WAIT_MS } from './inbox';
import type { GuildSettings } from './settings';

/** Discord's "Unknown Webhook" error code. */
const UNKNOWN_WEBHOOK_CODE = 10015;
/** How long after the deferred response an Unknown Webhook is taken for Discord's race, not a dead token. */
const UNKNOWN_WEBHOOK_GRACE_MS = 5_000;
const UNKNOWN_WEBHOOK_RETRIES = 3;

/** Buttons go on the last part of a split answer (under the whole answer). */
export function withComponents(
  bodies: RESTPostAPIChannelMessageJSONBody[],
  components: readonly APIActionRowComponent<APIComponentInMessageActionRow>[] | undefined,
): RESTPostAPIChannelMessageJSONBody[] {
  if (!components || components.length === 0 || bodies.length === 0) return bodies;
  const last = bodies.length - 1;
  return bodies.map((body, index) => (index === last ? { ...body, components: [...components] } : body));
}

export class GuildDiscord {
  private readonly clients = new Map<string, DiscordRest>();
  private webhook: { apiBase: string; client: DiscordRest } | null = null;

  constructor(
    private readonly env: Env,
    private readonly settings: () => GuildSettings,
    private readonly guildId: () => string | null,
  ) {}

  /**
   * Posts `text` (split at 2,000 characters) in the channel, the first part replying to `replyTo`. Returns
   * Discord's refusal (missing access, deleted channel…) as a value: retrying would not help; throws on
   * what a retry may fix.
   */
  async post(
    channelId: string,
    text: string,
    replyTo: ReplyTarget | null,
    nonceKey?: string,
    components?: readonly APIActionRowComponent<APIComponentInMessageActionRow>[],
  ): Promise<{ ok: true; messageId?: string } | { ok: false; outcome: string }> {
    const rest = this.rest();
    if (!rest) {
      log('GuildActor.noToken', { guildId: this.guildId(), channelId });
      return { ok: false, outcome: 'no bot token configured' };
    }
    const bodies = withComponents(replyBodies(text, replyTo, nonceKey), components);
    let messageId: string | undefined;
    for (const body of bodies) {
      try {
        messageId = (await rest.post<{ id?: string } | null>(`/channels/${channelId}/messages`, { body }))?.id;
      } catch (error) {
        // A 4xx (missing access, deleted channel) will not get better by retrying: log it and move on.
        if (error instanceof DiscordApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
          logError('GuildActor.post', error, { guildId: this.guildId(), channelId, outcome: error.outcome });
          return { ok: false, outcome: error.outcome };
        }
        throw error;
      }
    }
    return { ok: true, messageId };
  }

  /**
   * Delivers a `/ask` answer through the interaction's follow-up webhook (the first follow-up replaces the
   * deferred "thinking…" message). Like `post`, a 4xx is returned as Discord's refusal and never retried;
   * 429 and 5xx are retried by the REST client, and what still fails is thrown for the inbox to retry.
   */
  async postFollowUp(
    applicationId: string,
    interactionToken: string,
    text: string,
    acknowledgedAt: number,
    components?: readonly APIActionRowComponent<APIComponentInMessageActionRow>[],
  ): Promise<{ ok: true; messageId?: string } | { ok: false; outcome: string }> {
    const apiBase = readConfig(this.env).discordApiBase;
    // One token-less client for every follow-up, so its rate-limit buckets carry over between answers.
    if (this.webhook?.apiBase !== apiBase) this.webhook = { apiBase, client: new DiscordRest({ apiBase, token: null, maxWaitMs: INBOX_INLINE_WAIT_MS, tenant: this.guildId() ?? undefined }) };
    const webhook = this.webhook.client;
    let messageId: string | undefined;
    for (const body of withComponents(replyBodies(text, null), components)) {
      for (let attempt = 0; ; attempt++) {
        try {
          messageId = (await webhook.post<{ id?: string } | null>(`/webhooks/${applicationId}/${interactionToken}`, { body }))?.id;
          break;
        } catch (error) {
          if (!(error instanceof DiscordApiError) || error.status < 400 || error.status >= 500 || error.status === 429) throw error;
          // The one 4xx retried: Discord may not know the interaction for a moment after our deferred response
          // (Unknown Webhook, 10015). It is safe: a 404 created nothing, and it is bounded to the first seconds
          // after the acknowledgement, when the race can happen; later it means the token is gone for good.
          const racing = error.code === UNKNOWN_WEBHOOK_CODE && Date.now() - acknowledgedAt < UNKNOWN_WEBHOOK_GRACE_MS;
          if (racing && attempt < UNKNOWN_WEBHOOK_RETRIES) {
            await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
            continue;
          }
          logError('GuildActor.postFollowUp', error, { guildId: this.guildId(), outcome: error.outcome });
          return { ok: false, outcome: error.outcome };
        }
      }
    }
    return { ok: true, messageId };
  }

  /** The REST client for this guild's bot: its custom bot's token when set, else the shared bot's. */
  rest(): DiscordRest | null {
    const config = readConfig(this.env);
    const token = this.settings().customBot?.botToken ?? config.discordToken;
    if (!token) return null;
    const key = `${config.discordApiBase} ${token}`;
    let client = this.clients.get(key);
    if (!client) {
      // Longer rate limits throw (the inbox parks the event); invalid requests also count against this guild's share.
      client = new DiscordRest({ apiBase: config.discordApiBase, token, maxWaitMs: INBOX_INLINE_WAIT_MS, tenant: this.guildId() ?? undefined });
      this.clients.set(key, client);
    }
    return client;
  }
}
