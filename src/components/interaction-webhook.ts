// Finishing a deferred button click: the handler answered Discord with "thinking…" (ephemeral) and edits
// that original response once the slow part (a thread, a tag) is done.

import { readConfig } from '../config';
import { DiscordApiError, DiscordRest } from '../discord/rest';
import { logError } from '../log';

/** Discord's "Unknown Webhook": for a moment after the deferred response Discord may not know the token yet. */
const UNKNOWN_WEBHOOK_CODE = 10015;
const EDIT_ATTEMPTS = 4;

export async function editOriginalResponse(env: Env, tenant: string, click: { applicationId: string; interactionToken: string }, content: string): Promise<void> {
  const rest = new DiscordRest({ apiBase: readConfig(env).discordApiBase, token: null, tenant, maxRetries: 2 });
  for (let attempt = 1; ; attempt++) {
    try {
      await rest.patch(`/webhooks/${click.applicationId}/${click.interactionToken}/messages/@original`, {
        body: { content, allowed_mentions: { parse: [] } },
      });
      return;
    } catch (error) {
      if (error instanceof DiscordApiError && error.code === UNKNOWN_WEBHOOK_CODE && attempt < EDIT_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        continue;
      }
      logError('GuildActor.editOriginalResponse', error, { guildId: tenant });
      return;
    }
  }
}
