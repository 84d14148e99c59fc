// When a member asks for a human: agents get an `escalation` event, and the owner is notified by e-mail
// (Cloudflare's send_email binding, when configured and the guild has escalationEmail) and by a POST to
// ESCALATION_WEBHOOK_URL (when set). At most one notification per conversation per hour.

import { ESCALATION_WEBHOOK_TIMEOUT_MS } from '../answer/model-timeouts';
import type { HeraldConfig } from '../config';
import { log, logError } from '../log';
import { ESCALATION_INTERVAL_MS } from './schema';

export const HUMAN_NOTIFIED_TEXT = "I've let the team know you'd like to talk to a person. Someone will get back to you here soon.";

export interface EscalationNotice {
  guildId: string;
  conversationId: string;
  channelId: string;
  userId: string;
  content: string;
  reason: string;
  at: string;
}

/** The optional `send_email` binding; it is not in wrangler.toml by default (README "Escalation e-mail"). */
type EmailEnv = { SEND_EMAIL?: SendEmail; ESCALATION_EMAIL_FROM?: string };

export class Escalator {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
    /** Tests only: another transport for the webhook POST. */
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
    private readonly webhookTimeoutMs = ESCALATION_WEBHOOK_TIMEOUT_MS,
  ) {}

  /** Records the escalation; true when the owner should be notified now (none in the last hour). */
  claim(conversationId: string, now = Date.now()): boolean {
    const row = this.storage.sql
      .exec<{ notified_at: number }>('SELECT notified_at FROM escalations WHERE conversation_id = ?', conversationId)
      .toArray()[0];
    if (row && now - row.notified_at < ESCALATION_INTERVAL_MS) return false;
    this.storage.sql.exec(
      'INSERT INTO escalations (conversation_id, notified_at) VALUES (?, ?) ON CONFLICT (conversation_id) DO UPDATE SET notified_at = excluded.notified_at',
      conversationId,
      now,
    );
    return true;
  }

  /** Sends the owner's notifications; failures are logged, never thrown (the member was already told). */
  async notifyOwner(config: HeraldConfig, escalationEmail: string | null, notice: EscalationNotice): Promise<void> {
    const tasks: Promise<void>[] = [];
    if (config.escalationWebhookUrl) tasks.push(this.postWebhook(config.escalationWebhookUrl, notice));
    const emailEnv = this.env as Env & EmailEnv;
    if (escalationEmail && emailEnv.SEND_EMAIL && emailEnv.ESCALATION_EMAIL_FROM) {
      tasks.push(this.sendEmail(emailEnv.SEND_EMAIL, emailEnv.ESCALATION_EMAIL_FROM, escalationEmail, notice));
    }
    await Promise.all(tasks);
  }

  private async postWebhook(url: string, notice: EscalationNotice): Promise<void> {
    try {
      const response = await this.fetcher(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Herald escalation' },
        body: JSON.stringify({ type: 'escalation', ...notice }),
        signal: AbortSignal.timeout(this.webhookTimeoutMs),
      });
      log('GuildActor.escalationWebhookSent', { guildId: notice.guildId, conversationId: notice.conversationId, status: response.status });
    } catch (error) {
      logError('GuildActor.escalationWebhook', error, { guildId: notice.guildId, conversationId: notice.conversationId });
    }
  }

  private async sendEmail(binding: SendEmail, from: string, to: string, notice: EscalationNotice): Promise<void> {
    try {
      await binding.send({
        from,
        to,
        subject: `Herald: a member wants to talk to a person`,
        text: `A member asked for a human in your Discord server.\n\nGuild: ${notice.guildId}\nChannel: ${notice.channelId}\nMember: ${notice.userId}\nMessage: ${notice.content}\nWhy: ${notice.reason}\nAt: ${notice.at}\n`,
      });
      log('GuildActor.escalationEmailSent', { guildId: notice.guildId, conversationId: notice.conversationId });
    } catch (error) {
      logError('GuildActor.escalationEmail', error, { guildId: notice.guildId, conversationId: notice.conversationId });
    }
  }

  prune(now = Date.now()): void {
    this.storage.sql.exec('DELETE FROM escalations WHERE notified_at < ?', now - ESCALATION_INTERVAL_MS);
  }
}
