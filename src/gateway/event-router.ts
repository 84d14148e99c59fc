// Routes guild events from a GatewayShard to GuildActors. An event is handed to its guild actor straight
// from memory; it is written to the shard's outbox only when that fails (or is still not delivered after
// IN_FLIGHT_GRACE_MS), and a row leaves the outbox once its guild actor has taken it. Nothing is lost to an
// eviction meanwhile: the shard stores as its resume point only a sequence every earlier event has settled
// at (taken, or in the outbox; see watermark.ts), so a RESUME replays the rest. Per-guild chains keep each
// guild's events in order without making any guild wait for another; a failing actor's events wait in the
// outbox and are retried by the shard's alarm. Delivering twice is harmless: the guild actor deduplicates by
// event id.

import type { GuildActor } from '../actors/guild-actor';
import type { GuildGatewayEvent } from '../guild/events';
import { logError } from '../log';
import type { Timers } from '../storage/timers';
import { OUTBOX_LIMIT } from './schema';
import type { SequenceTicket } from './watermark';

/** An event still being delivered after this long is written to the outbox (so the resume point can move on); the alarm leaves a younger row alone. */
export const IN_FLIGHT_GRACE_MS = 15_000;
const RETRY_AFTER_FAILURE_MS = 5_000;
/** Deliveries of one event before it is dropped (about two minutes of retries; a guild's later events go on meanwhile). */
export const OUTBOX_MAX_ATTEMPTS = 24;

/** An event handed over by the shard and not yet settled (taken by its actor, or written to the outbox). */
interface InFlight {
  guildId: string;
  event: GuildGatewayEvent;
  ticket: SequenceTicket | null;
  since: number;
  /** Written to the outbox (spilled after IN_FLIGHT_GRACE_MS): its row goes once the actor takes it. */
  stored: boolean;
}

/** Guild actor stubs kept for reuse; past this many the map starts afresh (a shard serves up to 2,500 guilds). */
const MAX_CACHED_STUBS = 5_000;

export class GuildEventRouter {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Map<string, InFlight>();
  /** One stub per guild, reused for every event (idFromName hashes the name each time); dropped when a call fails. */
  private readonly stubs = new Map<string, DurableObjectStub<GuildActor>>();

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
    private readonly timers: Timers<'watchdog' | 'outbox'>,
    /** Whether this application may reach the guild's actor (a custom bot: only guilds that chose it). */
    private readonly mayDeliver: (guildId: string) => Promise<boolean>,
    /** The event behind `ticket` is settled: taken by its actor, dropped for good, or safe in the outbox. */
    private readonly settled: (ticket: SequenceTicket) => void,
  ) {}

  route(guildId: string, event: GuildGatewayEvent, ticket: SequenceTicket | null): void {
    const entry: InFlight = { guildId, event, ticket, since: Date.now(), stored: false };
    this.inFlight.set(event.eventId, entry);
    const previous = this.chains.get(guildId) ?? Promise.resolve();
    // A rejected delivery must neither block the guild's later events nor stay in the map.
    const next = previous.catch(() => undefined).then(() => this.deliverInFlight(entry));
    this.chains.set(guildId, next);
    void next
      .catch((error: unknown) => logError('GatewayShard.route', error, { guildId, eventId: event.eventId }))
      .finally(() => {
        if (this.chains.get(guildId) === next) this.chains.delete(guildId);
      });
  }

  /**
   * Events still not delivered after IN_FLIGHT_GRACE_MS (an actor that hangs) are written to the outbox, so
   * the resume point moves on; their chain goes on delivering them and removes the row when it does.
   */
  spill(now = Date.now()): void {
    for (const entry of this.inFlight.values()) {
      if (entry.stored || now - entry.since < IN_FLIGHT_GRACE_MS) continue;
      this.storage.sql.exec(
        'INSERT OR IGNORE INTO outbox (event_id, guild_id, payload, queued_at) VALUES (?, ?, ?, ?)',
        entry.event.eventId,
        entry.guildId,
        JSON.stringify(entry.event),
        entry.since,
      );
      entry.stored = true;
      this.settle(entry);
    }
  }

  /** Events handed to a chain and not delivered yet (in memory). */
  inFlightCount(): number {
    return this.inFlight.size;
  }

  private settle(entry: InFlight): void {
    if (entry.ticket) this.settled(entry.ticket);
    entry.ticket = null;
  }

  /** An event from memory: on success nothing was ever written; on failure it goes to the outbox for the alarm. */
  private async deliverInFlight(entry: InFlight): Promise<void> {
    const { guildId, event } = entry;
    const sql = this.storage.sql;
    try {
      const outcome = await this.handOver(guildId, event);
      if (outcome === 'failed') {
        sql.exec(
          `INSERT INTO outbox (event_id, guild_id, payload, attempts, queued_at) VALUES (?, ?, ?, 1, ?)
           ON CONFLICT (event_id) DO UPDATE SET attempts = attempts + 1`,
          event.eventId,
          guildId,
          JSON.stringify(event),
          entry.since,
        );
        await this.afterFailure(event.eventId);
      } else if (entry.stored) {
        sql.exec('DELETE FROM outbox WHERE event_id = ?', event.eventId);
      }
    } finally {
      this.inFlight.delete(event.eventId);
      this.settle(entry);
    }
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

  /** An event from the outbox (the alarm's retry): its row goes once the actor takes it. */
  private async deliver(guildId: string, event: GuildGatewayEvent): Promise<void> {
    const outcome = await this.handOver(guildId, event);
    if (outcome !== 'failed') {
      this.storage.sql.exec('DELETE FROM outbox WHERE event_id = ?', event.eventId);
      return;
    }
    this.storage.sql.exec('UPDATE outbox SET attempts = attempts + 1 WHERE event_id = ?', event.eventId);
    await this.afterFailure(event.eventId);
  }

  /** Hands the event to its guild actor: `taken` (or refused as malformed: retrying cannot help), `skipped` (not this application's guild), or `failed`. */
  private async handOver(guildId: string, event: GuildGatewayEvent): Promise<'taken' | 'skipped' | 'failed'> {
    try {
      // Checked before idFromName: a guild that never chose this application never gets an actor.
      if (!(await this.mayDeliver(guildId))) return 'skipped';
      const taken = await this.actorOf(guildId).receiveGatewayEvent(event);
      // Refused as malformed: retrying cannot help, so it is logged and dropped.
      if (taken.rejected) logError('GatewayShard.deliverRejected', new Error(`guild actor rejected the event: ${taken.rejected}`), { guildId, eventId: event.eventId });
      return 'taken';
    } catch (error) {
      // A stub that threw may stay broken: the next delivery gets a new one.
      this.stubs.delete(guildId);
      logError('GatewayShard.deliver', error, { guildId, eventId: event.eventId });
      return 'failed';
    }
  }

  private actorOf(guildId: string) {
    let stub = this.stubs.get(guildId);
    if (!stub) {
      if (this.stubs.size >= MAX_CACHED_STUBS) this.stubs.clear();
      stub = this.env.GUILD_ACTOR.get(this.env.GUILD_ACTOR.idFromName(guildId));
      this.stubs.set(guildId, stub);
    }
    return stub;
  }

  /** The event's outbox row failed once more: given up after OUTBOX_MAX_ATTEMPTS, the outbox kept bounded, the retry armed. */
  private async afterFailure(eventId: string): Promise<void> {
    const sql = this.storage.sql;
    // An event that keeps failing is given up after OUTBOX_MAX_ATTEMPTS (each failure was logged).
    sql.exec('DELETE FROM outbox WHERE event_id = ? AND attempts >= ?', eventId, OUTBOX_MAX_ATTEMPTS);
    // Bounded: past OUTBOX_LIMIT the oldest undelivered events are dropped (and were logged).
    sql.exec('DELETE FROM outbox WHERE event_id IN (SELECT event_id FROM outbox ORDER BY queued_at DESC LIMIT -1 OFFSET ?)', OUTBOX_LIMIT);
    await this.timers.scheduleNoLaterThan('outbox', Date.now() + RETRY_AFTER_FAILURE_MS);
  }
}
