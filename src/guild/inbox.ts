// The guild actor's durable inbox. An event is stored (and its id remembered, so a replay after RESUME or a
// second delivery is dropped) before anything acts on it; then it is handled right away. Events of one
// conversation run in order, different conversations in parallel (a slow model answer in one channel does
// not hold up the rest of the guild). A failed event is retried by the actor's alarm, at most
// INBOX_MAX_ATTEMPTS times.

import type { GuildEvent } from './events';
import { logError } from '../log';
import { INBOX_MAX_ATTEMPTS, SEEN_EVENTS_LIMIT } from './schema';

/** How many events of one guild are handled at once. */
export const INBOX_PARALLELISM = 4;

/** Events that must run in order share a key: a member's conversation, or the guild's own state. */
export function orderKey(event: GuildEvent): string {
  switch (event.kind) {
    case 'message_create':
    case 'message_update':
      return `conversation:${event.message.channel_id}:${event.message.author.id}`;
    case 'ask':
      return `conversation:${event.channelId}:${event.userId}`;
    case 'guild_state':
    case 'role':
    case 'channel':
      return 'guild-state';
  }
}

interface InboxRow {
  event_id: string;
  payload: string;
  attempts: number;
  [column: string]: SqlStorageValue;
}

export class Inbox {
  private readonly inFlight = new Map<string, string>();
  /** Events that failed wait for the alarm instead of being retried in a tight loop. */
  private readonly failedThisRun = new Set<string>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly handle: (event: GuildEvent) => Promise<void>,
    private readonly context: () => Record<string, string | null>,
  ) {}

  /** Stores the event unless its id was seen before; returns false for a duplicate. */
  add(event: GuildEvent, now = Date.now()): boolean {
    const sql = this.storage.sql;
    return this.storage.transactionSync(() => {
      if (sql.exec('SELECT 1 FROM seen_events WHERE event_id = ?', event.eventId).toArray().length > 0) return false;
      sql.exec('INSERT INTO seen_events (event_id, seen_at) VALUES (?, ?)', event.eventId, now);
      sql.exec('INSERT INTO inbox (event_id, payload, received_at) VALUES (?, ?, ?)', event.eventId, JSON.stringify(event), now);
      return true;
    });
  }

  size(): number {
    return this.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM inbox').one().n;
  }

  /** Starts every stored event that may run now. */
  pump(): void {
    const rows = this.storage.sql.exec<InboxRow>('SELECT event_id, payload, attempts FROM inbox ORDER BY received_at, event_id').toArray();
    const busy = new Set(this.inFlight.values());
    for (const row of rows) {
      if (this.inFlight.size >= INBOX_PARALLELISM) break;
      if (this.inFlight.has(row.event_id)) continue;
      // An event that took the actor down with it (no catch ran) still stops after INBOX_MAX_ATTEMPTS.
      if (row.attempts >= INBOX_MAX_ATTEMPTS) {
        logError('GuildActor.handleEvent', new Error('dropped after too many attempts'), { ...this.context(), eventId: row.event_id, attempts: row.attempts });
        this.storage.sql.exec('DELETE FROM inbox WHERE event_id = ?', row.event_id);
        continue;
      }
      const event = JSON.parse(row.payload) as GuildEvent;
      const key = orderKey(event);
      // Skipping a busy key (or one whose earlier event failed) holds back its later events: order is kept.
      if (busy.has(key) || this.failedThisRun.has(row.event_id)) {
        busy.add(key);
        continue;
      }
      busy.add(key);
      this.inFlight.set(row.event_id, key);
      void this.run(row, event).finally(() => {
        this.inFlight.delete(row.event_id);
        this.pump();
        if (this.inFlight.size === 0) this.wakeIdle();
      });
    }
    if (this.inFlight.size === 0) this.wakeIdle();
  }

  /** Resolves when nothing is being handled (for the alarm, which must not return while work runs). */
  idle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The alarm's retry: failed events become eligible again. */
  retryFailed(): void {
    this.failedThisRun.clear();
    this.pump();
  }

  private async run(row: InboxRow, event: GuildEvent): Promise<void> {
    const sql = this.storage.sql;
    // Count the attempt first: an event that crashes the actor is not retried forever.
    sql.exec('UPDATE inbox SET attempts = attempts + 1 WHERE event_id = ?', row.event_id);
    try {
      await this.handle(event);
      sql.exec('DELETE FROM inbox WHERE event_id = ?', row.event_id);
    } catch (error) {
      const attempts = row.attempts + 1;
      logError('GuildActor.handleEvent', error, { ...this.context(), eventId: row.event_id, attempts });
      if (attempts >= INBOX_MAX_ATTEMPTS) sql.exec('DELETE FROM inbox WHERE event_id = ?', row.event_id);
      else this.failedThisRun.add(row.event_id);
    }
  }

  /** Keeps the newest SEEN_EVENTS_LIMIT event ids. */
  prune(): void {
    this.storage.sql.exec(
      'DELETE FROM seen_events WHERE event_id IN (SELECT event_id FROM seen_events ORDER BY seen_at DESC LIMIT -1 OFFSET ?)',
      SEEN_EVENTS_LIMIT,
    );
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
