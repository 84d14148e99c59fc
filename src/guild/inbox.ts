// The guild actor's durable inbox. An event is stored (and its id remembered, so a replay after RESUME or a
// second delivery is dropped) before anything acts on it; then it is handled right away. Events of one
// conversation run in order, different conversations in parallel (INBOX_PARALLELISM at once). The order is
// kept in memory (InboxSchedule, rebuilt from the table once per instance), so each event costs O(1) to
// schedule. The inbox is the dedupe table itself: an event's seen_events row carries its payload while it is
// pending and loses it (payload NULL) once handled, so an answered event writes two rows here (stored, done)
// instead of a dedupe row, an inbox row and its removal. A failed event is retried after INBOX_RETRY_MS, at most INBOX_MAX_ATTEMPTS times; an event that
// hits a rate limit longer than INBOX_INLINE_WAIT_MS is parked until the limit resets, without holding a slot
// and without counting an attempt, while other conversations run.

import { RateLimitedError } from '../discord/rest';
import { log, logError } from '../log';
import type { GuildEvent } from './events';
import { admit, InboxSchedule, memberOf, orderKey, type InboxMode, type QueuedEvent } from './inbox-schedule';
import type { CountMarks } from '../usage/quota';
import { INBOX_ANSWERED_LIMIT, INBOX_LIMIT, INBOX_MAX_ATTEMPTS, INBOX_MEMBER_LIMIT, SEEN_EVENTS_LIMIT } from './schema';

export { orderKey } from './inbox-schedule';

/** How many events of one guild are handled at once. */
export const INBOX_PARALLELISM = 4;
/** A failed event (not a rate limit) is tried again after this long. */
export const INBOX_RETRY_MS = 10_000;
/**
 * While events are stored the alarm wakes the inbox at least this often: the safety net for a run the instance
 * did not finish (evicted or crashed mid-answer). Longer than INBOX_RETRY_MS on purpose: the timer is armed by a
 * stored event and removed when it finds nothing left, so under steady traffic each firing costs two rows
 * (its removal, then the next event's new timer); every 60 s instead of every 10 s makes that ~0.03 rows per
 * message at one message a second per guild instead of ~0.3.
 */
export const INBOX_SAFETY_NET_MS = 60_000;
/** The longest rate-limit wait a handler sits out in place (holding its slot); longer ones park the event. */
export const INBOX_INLINE_WAIT_MS = 1_000;

/**
 * How long a guild actor may hold its acknowledgement of a gateway event while the event is handled. The reply's
 * POST and the acknowledgement to the shard both leave once the actor's writes are confirmed; when the
 * acknowledgement goes first, workerd's delivery of it (and the shard's work on it) delays the POST by ~0.3 ms
 * (`npm run bench`, and a two-actor experiment: 0.70 vs 0.36 ms from fetch() to the server). Held until the
 * handling ends (an offline answer: ~2 ms) or this long (a model's answer takes seconds), the POST goes first.
 * The shard delivers a guild's events in order, so its next event for this guild waits as long: the hold is short.
 */
export const ACK_HOLD_MS = 2;

/** Resolves when `handling` settles or after `ms`, whichever comes first; never rejects. */
export function settledWithin(handling: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  const settled = handling.then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([settled, elapsed]).finally(() => {
    if (timer !== null) clearTimeout(timer);
  });
}

/** What a member's `/ask` gets when the guild's inbox is over its caps (it was acknowledged, so it gets an answer). */
export const INBOX_BUSY_TEXT = 'Herald has too many questions from you (or this server) waiting right now. Please ask again in a minute.';

export type AddResult = 'duplicate' | 'stored' | 'overflow' | 'full';

interface IndexRow {
  event_id: string;
  seq: number | null;
  order_key: string;
  member_id: string | null;
  mode: string;
  not_before: number;
  /** Only for rows stored before the order key had a column. */
  payload: string | null;
  [column: string]: SqlStorageValue;
}

export class Inbox {
  private schedule: InboxSchedule | null = null;
  private inFlight = 0;
  /** The events being handled now, each with the promise that settles when its handling ends. */
  private readonly running = new Map<string, Promise<void>>();
  /** Pending events' sequence numbers by event id, oldest first (for the quota's CountMarks). */
  private readonly pendingSeqs = new Map<string, number>();
  /** The newest sequence number given out (read from storage with the schedule). */
  private top = 0;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly handle: (event: GuildEvent, mode: InboxMode) => Promise<void>,
    private readonly context: () => Record<string, string | null>,
    /** Asks the actor's alarm to wake the inbox no later than `at` (survives eviction). */
    private readonly wakeAt: (at: number) => Promise<void>,
  ) {}

  /**
   * Stores the event unless its id was seen before. `overflow`: stored over a cap (moderated, not answered);
   * `full`: not stored (nothing remembered either), so a later delivery is taken when there is room.
   */
  add(event: GuildEvent, now = Date.now()): AddResult {
    const sql = this.storage.sql;
    const schedule = this.index();
    const key = orderKey(event);
    const member = memberOf(event);
    // One statement, so no transaction: the admission is decided in memory, and memory changes only once the row is in.
    const admission = admit(event.kind, { total: schedule.size, member: schedule.memberCount(member) }, INBOX_CAPS);
    if (!admission.store) return this.seen(event.eventId) ? 'duplicate' : 'full';
    const seq = this.top + 1;
    // The INSERT stores the event and is the dedupe check: an id seen before writes nothing.
    const stored = sql.exec(
      'INSERT INTO seen_events (event_id, seen_at, payload, seq, order_key, member_id, mode) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
      event.eventId,
      now,
      JSON.stringify(event),
      seq,
      key,
      member,
      admission.mode,
    ).rowsWritten;
    if (stored === 0) return 'duplicate';
    this.top = seq;
    this.pendingSeqs.set(event.eventId, seq);
    schedule.push({ eventId: event.eventId, key, member, mode: admission.mode, held: { event, attempts: 0 } });
    return admission.mode === 'overflow' ? 'overflow' : 'stored';
  }

  size(): number {
    return this.index().size;
  }

  /** Where the inbox stands for the quota ledger (CountMarks): the oldest pending and the newest sequence number. */
  marks(): CountMarks {
    this.index();
    const oldest = this.pendingSeqs.values().next();
    return { floor: oldest.done ? this.top + 1 : oldest.value, top: this.top };
  }

  /** Whether events of this order key (a conversation) still wait, so a new one must queue behind them. */
  hasQueued(key: string): boolean {
    return this.index().has(key);
  }

  /**
   * Remembers an event handled without the inbox (it needed nothing durable), so a replay is dropped like any
   * other: false when it was seen before. One row: the dedupe id.
   */
  remember(eventId: string, now = Date.now()): boolean {
    return this.storage.sql.exec('INSERT INTO seen_events (event_id, seen_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING', eventId, now).rowsWritten > 0;
  }

  private seen(eventId: string): boolean {
    return this.storage.sql.exec('SELECT 1 FROM seen_events WHERE event_id = ?', eventId).toArray().length > 0;
  }

  /** Starts stored events while slots are free: O(1) per event started. */
  pump(): void {
    const schedule = this.index();
    while (this.inFlight < INBOX_PARALLELISM) {
      const next = schedule.take();
      if (!next) return;
      this.inFlight++;
      const handled = this.run(next).finally(() => {
        this.inFlight--;
        this.running.delete(next.eventId);
        this.pump();
      });
      this.running.set(next.eventId, handled);
    }
  }

  /** Settles when this event's handling ends (settledWithin takes a failure as an end); null when it is not running now. */
  handling(eventId: string): Promise<void> | null {
    return this.running.get(eventId) ?? null;
  }

  /** Held events whose time has come run again; returns when the inbox next needs waking (null: never). */
  wake(now = Date.now()): number | null {
    const next = this.index().wake(now);
    this.pump();
    return next;
  }

  private async run(queued: QueuedEvent): Promise<void> {
    const sql = this.storage.sql;
    const schedule = this.index();
    const row = queued.held ?? this.storedRow(queued.eventId);
    if (!row) {
      this.pendingSeqs.delete(queued.eventId);
      schedule.finish(queued.key, { kind: 'done' });
      return;
    }
    // An event that took the actor down with it (no catch ran) still stops after INBOX_MAX_ATTEMPTS: each
    // new instance counts an attempt for every event that may have been running (see index()), so the happy
    // path writes no attempt row.
    if (row.attempts >= INBOX_MAX_ATTEMPTS) {
      logError('GuildActor.inboxGaveUp', new Error('dropped after too many attempts'), { ...this.context(), eventId: queued.eventId, attempts: row.attempts });
      this.remove(queued);
      return;
    }
    try {
      if (!row.event) throw new Error('unreadable event payload');
      await this.handle(row.event, queued.mode);
      this.remove(queued);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        // Not the event's fault: no attempt counted, no slot held; the conversation waits, the rest runs.
        const until = Date.now() + Math.max(0, error.retryAfterMs);
        sql.exec('UPDATE seen_events SET not_before = ? WHERE event_id = ?', until, queued.eventId);
        log('GuildActor.inboxParked', { ...this.context(), eventId: queued.eventId, retryAfterMs: error.retryAfterMs, outcome: error.outcome });
        await this.holdUntil(queued.key, until);
        return;
      }
      const attempts = row.attempts + 1;
      sql.exec('UPDATE seen_events SET attempts = ? WHERE event_id = ?', attempts, queued.eventId);
      if (queued.held) queued.held.attempts = attempts;
      logError('GuildActor.handleEvent', error, { ...this.context(), eventId: queued.eventId, attempts });
      if (attempts >= INBOX_MAX_ATTEMPTS) this.remove(queued);
      else await this.holdUntil(queued.key, Date.now() + INBOX_RETRY_MS);
    }
  }

  /** An event this instance found in storage (not one it stored itself): read and parsed when it runs. */
  private storedRow(eventId: string): { event: GuildEvent | null; attempts: number } | null {
    const row = this.storage.sql
      .exec<{ payload: string; attempts: number }>('SELECT payload, attempts FROM seen_events WHERE event_id = ? AND payload IS NOT NULL', eventId)
      .toArray()[0];
    if (!row) return null;
    let event: GuildEvent | null = null;
    try {
      event = JSON.parse(row.payload) as GuildEvent;
    } catch {
      // Handled as a failing event (retried, then dropped), as before.
    }
    return { event, attempts: row.attempts };
  }

  /** Done: the row stays as the event's dedupe id, without its payload (one row written, no delete). */
  private remove(queued: QueuedEvent): void {
    this.storage.sql.exec('UPDATE seen_events SET payload = NULL WHERE event_id = ?', queued.eventId);
    this.pendingSeqs.delete(queued.eventId);
    this.index().finish(queued.key, { kind: 'done' });
  }

  private async holdUntil(key: string, until: number): Promise<void> {
    this.index().finish(key, { kind: 'hold', until });
    // The alarm wakes the key on time (no in-memory timer: it would keep the actor from hibernating).
    try {
      await this.wakeAt(until);
    } catch (error) {
      logError('GuildActor.inboxWake', error, { ...this.context(), key });
    }
  }

  /** Keeps the newest SEEN_EVENTS_LIMIT ids of handled events (pending events are never pruned: a scan, hourly). */
  prune(): void {
    this.storage.sql.exec(
      'DELETE FROM seen_events WHERE event_id IN (SELECT event_id FROM seen_events WHERE payload IS NULL ORDER BY seen_at DESC LIMIT -1 OFFSET ?)',
      SEEN_EVENTS_LIMIT,
    );
  }

  /** The in-memory order, read from the pending rows once per instance (arrival order is sequence order; a scan). */
  private index(): InboxSchedule {
    if (this.schedule) return this.schedule;
    const schedule = new InboxSchedule();
    this.top = this.storage.sql.exec<{ top: number | null }>('SELECT MAX(seq) AS top FROM seen_events').one().top ?? 0;
    const rows = this.storage.sql
      .exec<IndexRow>(
        "SELECT event_id, seq, order_key, member_id, mode, not_before, CASE WHEN order_key = '' THEN payload END AS payload FROM seen_events WHERE payload IS NOT NULL ORDER BY seq IS NULL, seq",
      )
      .toArray();
    const now = Date.now();
    // The first event of each key may have been running when the last instance went down (it may be what took
    // it down): each counts an attempt now, in one statement, instead of every event writing one as it starts.
    const heads = new Set<string>();
    for (const row of rows) {
      const event = row.payload === null ? null : readableEvent(row.payload);
      if (row.payload !== null && event === null) {
        // A row that cannot be read must not stop the rows behind it (one bad MESSAGE_CREATE once wedged a guild).
        logError('GuildActor.inboxUnreadable', new Error('dropped: unreadable event'), { ...this.context(), eventId: row.event_id });
        this.storage.sql.exec('UPDATE seen_events SET payload = NULL WHERE event_id = ?', row.event_id);
        continue;
      }
      // Rows stored by hand (tests) may lack a number: they get one now, in memory, after the stored ones.
      this.pendingSeqs.set(row.event_id, row.seq ?? ++this.top);
      const key = event ? orderKey(event) : row.order_key;
      const member = event ? memberOf(event) : row.member_id;
      // A park that survived eviction holds its key (only the first row of a key can carry one).
      const holdUntil = schedule.has(key) || row.not_before <= now ? 0 : row.not_before;
      if (!schedule.has(key)) heads.add(row.event_id);
      schedule.push({ eventId: row.event_id, key, member, mode: row.mode === 'overflow' ? 'overflow' : 'full' }, holdUntil);
    }
    if (heads.size > 0) {
      const ids = [...heads];
      for (let i = 0; i < ids.length; i += HEADS_PER_STATEMENT) {
        const chunk = ids.slice(i, i + HEADS_PER_STATEMENT);
        this.storage.sql.exec(`UPDATE seen_events SET attempts = attempts + 1 WHERE event_id IN (${chunk.map(() => '?').join(', ')})`, ...chunk);
      }
    }
    this.schedule = schedule;
    return schedule;
  }
}

function readableEvent(payload: string): GuildEvent | null {
  try {
    const event = JSON.parse(payload) as GuildEvent;
    orderKey(event);
    return event;
  } catch {
    return null;
  }
}

/** SQLite's bound-parameter limit is 100 per statement on Durable Objects. */
const HEADS_PER_STATEMENT = 90;

const INBOX_CAPS = { perMember: INBOX_MEMBER_LIMIT, answered: INBOX_ANSWERED_LIMIT, total: INBOX_LIMIT };
