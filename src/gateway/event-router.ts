// Routes guild events from a GatewayShard to GuildActors. Every event is written to the shard's outbox in
// the same step that advances the sequence, so an eviction between receiving and delivering loses nothing;
// a row leaves the outbox only once its guild actor has taken it. Per-guild chains keep each guild's events
// in order without making any guild wait for another; a failing actor's events wait in the outbox and are
// retried by the shard's alarm. Delivering twice is harmless: the guild actor deduplicates by event id.

import type { GuildGatewayEvent } from '../guild/events';
import { logError } from '../log';
import type { Timers } from '../storage/timers';
import { OUTBOX_LIMIT } from './schema';

/** A row younger than this is still being delivered by its chain; the alarm leaves it alone. */
const IN_FLIGHT_GRACE_MS = 15_000;
const RETRY_AFTER_FAILURE_MS = 5_000;
/** Deliveries of one event before it is dropped (about two minutes of retries; a guild's later events go on meanwhile). */
export const OUTBOX_MAX_ATTEMPTS = 24;

export class GuildEventRouter {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
    private readonly timers: Timers<'watchdog' | 'outbox'>,
    /** Whether this application may reach the guild's actor (a custom bot: only guilds that chose it). */
    private readonly mayDeliver: (guildId: string) => Promise<boolean>,
  ) {}

  route(guildId: string, event: GuildGatewayEvent): void {
    const sql = this.storage.sql;
    sql.exec(
      'INSERT OR IGNORE INTO outbox (event_id, guild_id, payload, queued_at) VALUES (?, ?, ?, ?)',
      event.eventId,
      guildId,
      JSON.stringify(event),
      Date.now(),
    );
    const previous = this.chains.get(guildId) ?? Promise.resolve();
    // A rejected delivery must neither block the guild's later events nor stay in the map.
    const next = previous.catch(() => undefined).then(() => this.deliver(guildId, event));
    this.chains.set(guildId, next);
    void next
      .catch((error: unknown) => logError('GatewayShard.route', error, { guildId, eventId: event.eventId }))
      .finally(() => {
        if (this.chains.get(guildId) === next) this.chains.delete(guildId);
      });
  }

  size(): number {
    return this.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM outbox').one().n;
  }

  /** Retries events no chain is delivering any more (after a failure, or left by an evicted instance). */
  async flush(): Promise<void> {
    const sql = this.storage.sql;
    const rows = sql
      .exec<{ event_id: string; guild_id: string; payload: string }>(
        'SELECT event_id, guild_id, payload FROM outbox WHERE attempts > 0 OR queued_at < ? ORDER BY queued_at LIMIT 200',
        Date.now() - IN_FLIGHT_GRACE_MS,
      )
      .toArray();
    for (const row of rows) {
      if (this.chains.has(row.guild_id)) continue;
      let event: GuildGatewayEvent;
      try {
        event = JSON.parse(row.payload) as GuildGatewayEvent;
      } catch (error) {
        logError('GatewayShard.flush', error, { guildId: row.guild_id, eventId: row.event_id });
        this.storage.sql.exec('DELETE FROM outbox WHERE event_id = ?', row.event_id);
        continue;
      }
      await this.deliver(row.guild_id, event);
    }
    if (this.size() > 0) await this.timers.scheduleNoLaterThan('outbox', Date.now() + RETRY_AFTER_FAILURE_MS);
  }

  private async deliver(guildId: string, event: GuildGatewayEvent): Promise<void> {
    const sql = this.storage.sql;
    try {
      // Checked before idFromName: a guild that never chose this application never gets an actor.
      if (!(await this.mayDeliver(guildId))) {
        sql.exec('DELETE FROM outbox WHERE event_id = ?', event.eventId);
        return;
      }
      const actor = this.env.GUILD_ACTOR.get(this.env.GUILD_ACTOR.idFromName(guildId));
      const taken = await actor.receiveGatewayEvent(guildId, event);
      // Refused as malformed: retrying cannot help, so it is logged and dropped.
      if (taken.rejected) logError('GatewayShard.deliverRejected', new Error(`guild actor rejected the event: ${taken.rejected}`), { guildId, eventId: event.eventId });
      sql.exec('DELETE FROM outbox WHERE event_id = ?', event.eventId);
    } catch (error) {
      logError('GatewayShard.deliver', error, { guildId, eventId: event.eventId });
      sql.exec('UPDATE outbox SET attempts = attempts + 1 WHERE event_id = ?', event.eventId);
      // An event that keeps failing is given up after OUTBOX_MAX_ATTEMPTS (each failure was logged above).
      sql.exec('DELETE FROM outbox WHERE event_id = ? AND attempts >= ?', event.eventId, OUTBOX_MAX_ATTEMPTS);
      // Bounded: past OUTBOX_LIMIT the oldest undelivered events are dropped (and were logged above).
      sql.exec('DELETE FROM outbox WHERE event_id IN (SELECT event_id FROM outbox ORDER BY queued_at DESC LIMIT -1 OFFSET ?)', OUTBOX_LIMIT);
      await this.timers.scheduleNoLaterThan('outbox', Date.now() + RETRY_AFTER_FAILURE_MS);
    }
  }
}
